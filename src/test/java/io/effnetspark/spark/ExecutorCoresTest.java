package io.effnetspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** Executor cores come from what Spark's configuration states, and are 0 where it states nothing. */
class ExecutorCoresTest {
  private static SparkConf master(String master) {
    SparkConf conf = new SparkConf(false);
    return master == null ? conf : conf.setMaster(master);
  }

  @Test
  void localModeHasTheCoresOfItsMasterUrl() {
    int processors = Runtime.getRuntime().availableProcessors();
    assertEquals(3, ExecutorCores.of(master("local[3]")));
    assertEquals(2, ExecutorCores.of(master("local[2,4]")));
    assertEquals(1, ExecutorCores.of(master("local")));
    assertEquals(processors, ExecutorCores.of(master("local[*]")));
    assertEquals(processors, ExecutorCores.of(master(null)), "no master: the job starts local[*]");
  }

  @Test
  void clusterModeUsesSparkExecutorCoresOrStatesNothing() {
    assertEquals(4, ExecutorCores.of(master("spark://host:7077").set("spark.executor.cores", "4")));
    assertEquals(0, ExecutorCores.of(master("spark://host:7077")));
    assertEquals(0, ExecutorCores.of(master("yarn")));
    assertEquals(0, ExecutorCores.of(master("k8s://https://api:6443")));
  }
}
