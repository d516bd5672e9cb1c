package io.effnetspark.output;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who holds an output's lock ({@code _effnet.lock}, a small JSON file): the run, the driver process that took it
 * (host, machine identity, pid and the process's start time), when it was taken and its last heartbeat.
 *
 * <p><b>Stale rule</b> ({@link #staleReason}): a lock written on this machine (same host name and, on Linux, the
 * same boot id and pid namespace) is stale as soon as its process is gone — no process with that pid, or one that
 * started at another time (the pid was reused). A lock written elsewhere, or one that cannot be read, is stale when
 * neither its heartbeat nor the file's modification time is newer than {@link #STALE_AFTER}: the owner refreshes
 * both every {@link #HEARTBEAT}, so ten minutes of silence also covers clock skew between machines.
 *
 * @param lockId random, unique per acquisition: tells two runs apart even when they were given the same run id
 */
public record LockOwner(String runId, String lockId, String host, String machine, long pid, Instant processStart,
    Instant started, Instant heartbeat, String mode) {
  /** How often the owner rewrites the lock. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(30);
  /** A lock from another machine with no heartbeat for this long belongs to a dead run. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(10);

  private static final String BOOT_ID = "/proc/sys/kernel/random/boot_id";
  private static final String PID_NAMESPACE = "/proc/self/ns/pid";

  /** This driver process, about to take the lock for {@code runId}. */
  public static LockOwner current(String runId, String mode) {
    ProcessHandle self = ProcessHandle.current();
    Instant now = Instant.now();
    return new LockOwner(runId, UUID.randomUUID().toString(), hostName(), machineId(), self.pid(),
        self.info().startInstant().orElse(null), now, now, mode);
  }

  /** The same owner with a new heartbeat. */
  public LockOwner beat(Instant now) {
    return new LockOwner(runId, lockId, host, machine, pid, processStart, started, now, mode);
  }

  /** Whether {@code other} is this very acquisition. */
  public boolean sameLock(LockOwner other) {
    return other != null && lockId.equals(other.lockId);
  }

  /** The lock file's content. */
  public byte[] toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("lock_id", lockId);
    m.put("host", host);
    m.put("machine", machine);
    m.put("pid", pid);
    m.put("process_start", processStart == null ? null : processStart.toString());
    m.put("started", started.toString());
    m.put("heartbeat", heartbeat.toString());
    m.put("mode", mode);
    return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(m)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The owner a lock file names, or empty when its content is not a complete lock (being written, damaged). */
  public static Optional<LockOwner> parse(byte[] content) {
    try {
      JsonObject o = JsonParser.parseString(new String(content, StandardCharsets.UTF_8)).getAsJsonObject();
      return Optional.of(new LockOwner(o.get("run_id").getAsString(), o.get("lock_id").getAsString(),
          o.get("host").getAsString(), o.get("machine").getAsString(), o.get("pid").getAsLong(),
          o.get("process_start").isJsonNull() ? null : Instant.parse(o.get("process_start").getAsString()),
          Instant.parse(o.get("started").getAsString()), Instant.parse(o.get("heartbeat").getAsString()),
          o.get("mode").getAsString()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether this lock was written on the machine {@code self} runs on (pids can be checked). */
  public boolean sameMachineAs(LockOwner self) {
    return host.equals(self.host) && machine.equals(self.machine);
  }

  /**
   * Why a lock no longer protects a live run, or null when its owner may be alive.
   *
   * @param owner what the lock file says; empty when it cannot be read
   * @param modified the lock file's modification time (the file system's clock)
   * @param self this process
   */
  public static String staleReason(Optional<LockOwner> owner, Instant modified, LockOwner self, Instant now) {
    if (owner.isPresent() && owner.get().sameMachineAs(self)) {
      LockOwner o = owner.get();
      Optional<ProcessHandle> process = ProcessHandle.of(o.pid).filter(ProcessHandle::isAlive);
      if (process.isEmpty()) {
        return "its process " + o.pid + " on " + o.host + " is gone";
      }
      Optional<Instant> start = process.get().info().startInstant();
      if (o.processStart != null && start.isPresent()
          && Duration.between(o.processStart, start.get()).abs().compareTo(Duration.ofSeconds(2)) > 0) {
        return "pid " + o.pid + " on " + o.host + " is now another process (started " + start.get() + ", the lock's "
            + "at " + o.processStart + ")";
      }
      return null;
    }
    Instant last = owner.map(LockOwner::heartbeat).filter(h -> h.isAfter(modified)).orElse(modified);
    Duration silent = Duration.between(last, now);
    if (silent.compareTo(STALE_AFTER) > 0) {
      return (owner.isEmpty() ? "it cannot be read and was last written " : "its last heartbeat was ")
          + silent.toMinutes() + " min ago (more than " + STALE_AFTER.toMinutes() + " min)";
    }
    return null;
  }

  /** One line for messages: run, host, pid, start and heartbeat. */
  public String describe(Instant now) {
    return "run " + runId + " (--mode " + mode + ", host " + host + ", pid " + pid + ", started " + started
        + ", last heartbeat " + Duration.between(heartbeat, now).toSeconds() + " s ago)";
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "unknown-host" : env;
    }
  }

  /**
   * Linux: the kernel's boot id and this process's pid namespace — two containers with one host name, or a host
   * after a reboot, are different machines for pids. Empty elsewhere (then the host name alone decides).
   */
  static String machineId() {
    try {
      String boot = Files.readString(Path.of(BOOT_ID), StandardCharsets.US_ASCII).trim();
      String ns = Files.readSymbolicLink(Path.of(PID_NAMESPACE)).toString();
      return boot + "/" + ns;
    } catch (Exception | Error e) {
      return "";
    }
  }
}
