package io.effnetspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where jobs/submit.sh ends spark-submit's options: by the option table of the Spark launcher on the classpath. */
class SparkSubmitArgsTest {
  private static int count(String... args) {
    return SparkSubmitArgs.count(List.of(args));
  }

  @Test
  void sparkSubmitOptionsAndTheirValuesComeFirstAndTheFirstOtherArgumentStartsTheJobs() {
    assertEquals(6, count("--master", "local[2]", "--driver-memory", "200m", "--driver-java-options", "-Dx=y",
        "--input", "samples", "--output", "out"));
    assertEquals(0, count("--input", "samples", "--master", "local[2]"), "job options first: all the job's");
    assertEquals(0, count());
    assertEquals(2, count("--master", "local[2]"));
  }

  @Test
  void equalsFormsShortNamesAndSwitchesAreSparkSubmitsAsSparkParsesThem() {
    assertEquals(5, count("--master=local[2]", "-c", "spark.a=b", "--conf=spark.c=d", "--verbose", "--input", "x"));
    assertEquals(1, count("-h", "--input", "x"));
    assertEquals(1, count("--help"));
    assertEquals(2, count("--driver-class-path", "/a:/b", "-V"), "-V is the job's (version), not spark-submit's");
  }

  @Test
  void theSeparatorIsNotAnOptionSoItEndsSparkSubmitsOptions() {
    assertEquals(2, count("--master", "yarn", "--", "--input", "x"));
    assertEquals(0, count("--", "--help"));
  }

  @Test
  void namesThatOnlyResembleSparkSubmitOptionsAreTheJobs() {
    assertEquals(0, count("--config", "conf/effnet-job.properties"), "the job's --config is not spark's --conf");
    assertEquals(0, count("--name=", "x"), "no value after '=': not the equals form");
    assertEquals(0, count("--masterx", "y"));
  }

  @Test
  void aSparkSubmitOptionWithoutItsValueIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> count("--master"));
    assertEquals("Missing argument for option '--master'.", e.getMessage());
  }
}
