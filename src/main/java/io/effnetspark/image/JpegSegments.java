package io.effnetspark.image;

/**
 * A walk over a JPEG's markers (ITU-T T.81 B.1.1), shared by the readers in {@link JpegStructure} so that fill
 * bytes, parameterless markers and segment lengths are handled in one place. Each reader decides what a marker
 * means to it; a strict walk stops where the bytes stop being markers, a lenient one skips them as libjpeg does.
 */
final class JpegSegments {
  private final byte[] c;
  private final boolean lenient;
  private int next;
  private int marker;
  private int start;
  private int end;

  /** A strict walk from {@code from}, where a marker is expected (after SOI, or at a scan). */
  JpegSegments(byte[] c, int from) {
    this(c, from, false);
  }

  /**
   * A walk from {@code from}.
   *
   * @param lenient skip bytes that are no marker, as libjpeg's {@code next_marker} (jdmarker.c) does with a
   *     warning ("Corrupt JPEG data: N extraneous bytes before marker") that does not fail the decode; strict: stop
   *     there
   */
  JpegSegments(byte[] c, int from, boolean lenient) {
    this.c = c;
    this.lenient = lenient;
    this.next = from;
  }

  /**
   * Moves to the next marker, skipping fill bytes (0xFF 0xFF), and on a lenient walk any other bytes before it
   * (0xFF 0x00 included, as libjpeg reads it). False when there is none at that place, or its segment's length is
   * cut off, shorter than the length field, or runs past the end of the file: every reader treats those alike, as
   * the end of what it can judge.
   */
  boolean next() {
    int p = next;
    while (true) {
      while (lenient && p < c.length && (c[p] & 0xFF) != 0xFF) {
        p++;
      }
      while (p + 1 < c.length && (c[p] & 0xFF) == 0xFF && (c[p + 1] & 0xFF) == 0xFF) {
        p++;
      }
      if (p + 1 >= c.length || (c[p] & 0xFF) != 0xFF) {
        return false;
      }
      if (!lenient || c[p + 1] != 0) {
        break;
      }
      p += 2;
    }
    int m = c[p + 1] & 0xFF;
    int e;
    if (parameterless(m)) {
      e = p + 2;
    } else {
      if (p + 4 > c.length) {
        return false;
      }
      int len = u16(c, p + 2);
      e = p + 2 + len;
      if (len < 2 || e > c.length) {
        return false;
      }
    }
    marker = m;
    start = p;
    end = e;
    next = e;
    return true;
  }

  /** Continues the walk at {@code p} instead of after the current segment (past a scan's entropy-coded data). */
  void resumeAt(int p) {
    next = p;
  }

  int marker() {
    return marker;
  }

  /** Offset of the marker's 0xFF. */
  int start() {
    return start;
  }

  /** Offset of the segment's first byte after its length field. */
  int body() {
    return start + 4;
  }

  /** The length field's value: the body plus the two length bytes (0 for a parameterless marker). */
  int length() {
    return end - start - 2;
  }

  /** Offset just after the segment. */
  int end() {
    return end;
  }

  /** RST0-7, TEM and EOI carry no length (T.81 B.1.1.3; libjpeg's jdmarker.c treats them so). */
  static boolean parameterless(int m) {
    return (m >= 0xD0 && m <= 0xD7) || m == 0x01 || m == 0xD9;
  }

  static int u16(byte[] c, int at) {
    return ((c[at] & 0xFF) << 8) | (c[at + 1] & 0xFF);
  }
}
