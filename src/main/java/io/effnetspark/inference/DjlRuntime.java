package io.effnetspark.inference;

/**
 * JVM-wide DJL settings that must be in place before any DJL engine initialises, on the driver and on every
 * executor: offline mode (DJL otherwise downloads native libraries and models from its CDN) and one-thread
 * defaults for PyTorch, so that N concurrent tasks never oversubscribe N cores.
 *
 * <p>Offline is forced: no code path of this job downloads anything. The thread and graph-optimizer
 * properties only get defaults; a user's {@code -D} wins. See ../shared/FACTS.md "DJL offline and speed".
 */
public final class DjlRuntime {
  public static final String OFFLINE = "ai.djl.offline";

  private DjlRuntime() {}

  /** Idempotent; cheap to call from every entry point. */
  public static synchronized void configure() {
    System.setProperty(OFFLINE, "true");
    // The TorchScript graph optimizer re-optimizes for every new batch shape: 1-3 s stalls on a partial batch.
    System.setProperty("ai.djl.pytorch.graph_optimizer",
        System.getProperty("ai.djl.pytorch.graph_optimizer", "false"));
    System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
    System.setProperty("ai.djl.pytorch.num_interop_threads",
        System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
  }
}
