package io.effnetspark.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stderr that also remembers the job's last message: the text from the last line starting with
 * {@code effnet-spark:} on (with the problem lines under it), at most {@value #MAX_CHARS} characters. It becomes
 * the cause in a YARN application's diagnostics ({@link DriverExit#failure}).
 */
final class LastMessage extends OutputStream {
  static final int MAX_CHARS = 2000;
  private static final String PREFIX = "effnet-spark:";
  private final PrintStream target;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final StringBuilder message = new StringBuilder();

  private LastMessage(PrintStream target) {
    this.target = target;
  }

  /** A PrintStream that writes to {@code target} and records into the returned recorder. */
  static LastMessage tee(PrintStream target) {
    return new LastMessage(target);
  }

  PrintStream stream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    target.write(b);
    if (b == '\n') {
      endLine();
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    target.write(b, off, len);
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        endLine();
      } else {
        line.write(b[i]);
      }
    }
  }

  @Override
  public void flush() throws IOException {
    target.flush();
  }

  private void endLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.startsWith(PREFIX)) {
      message.setLength(0);
      message.append(text.substring(PREFIX.length()).strip());
    } else if (!message.isEmpty() && message.length() < MAX_CHARS) {
      message.append(' ').append(text.strip());
    }
  }

  /** The last message, one line; empty when the job printed none. */
  synchronized String last() {
    String partial = line.toString(StandardCharsets.UTF_8);
    String m = message.toString();
    if (partial.startsWith(PREFIX)) {
      m = partial.substring(PREFIX.length()).strip();
    }
    return m.length() <= MAX_CHARS ? m : m.substring(0, MAX_CHARS) + " ...";
  }
}
