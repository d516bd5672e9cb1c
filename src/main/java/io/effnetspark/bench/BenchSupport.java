package io.effnetspark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** What the benchmark mains share: arguments, the file list, local reads, memory figures, the result line. */
final class BenchSupport {
  private BenchSupport() {}

  /** {@code --key value} pairs. */
  static Map<String, String> args(String[] argv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --key value, got " + argv[i]);
      }
      m.put(argv[i].substring(2), argv[i + 1]);
    }
    return m;
  }

  static String required(Map<String, String> args, String key) {
    String v = args.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing --" + key);
    }
    return v;
  }

  /** Image files under {@code dir} (recursive, visible, image extension), sorted: the same set the job lists. */
  static List<Path> imageFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)$"))
          .sorted().toList();
    }
  }

  /** Round-robin shards, as Spark's {@code repartition} deals rows: balanced by count, sizes mixed. */
  static <T> List<List<T>> shards(List<T> items, int n) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    for (int i = 0; i < items.size(); i++) {
      out.get(i % n).add(items.get(i));
    }
    return out;
  }


  /** A line of {@code /proc/self/status} in MB (VmHWM = peak RSS, VmRSS = now); -1 off Linux. */
  static double procStatusMb(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }

  /** CPU time of the calling thread, ns. */
  static long threadCpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** CPU time of the whole JVM process, ns; -1 where the platform does not say. */
  static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }

  /** One machine-readable result line, {@code BENCH key=value ...}, that jobs/bench.sh collects. */
  static void report(String stage, Map<String, Object> values) {
    StringBuilder b = new StringBuilder("BENCH stage=").append(stage);
    values.forEach((k, v) -> b.append(' ').append(k).append('=')
        .append(v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v));
    System.out.println(b);
  }
}
