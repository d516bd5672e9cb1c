package io.effnetspark.cli;

import io.effnetspark.job.ExitCode;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For {@code jobs/submit.sh}: how many of its leading arguments are spark-submit's own options, so that it can put
 * the job jar between them and the job's options as spark-submit expects. The option table is the one of the Spark
 * launcher on the classpath ({@code org.apache.spark.launcher.SparkSubmitOptionParser}: package-private, read
 * reflectively), so it follows the Spark version; the rules are its {@code parse}: an option with a value takes the
 * next argument or {@code --option=value}, a switch takes none, and the first other argument ends spark-submit's
 * options. Prints the count on stdout; a last option without its value is exit code 2.
 */
public final class SparkSubmitArgs {
  private static final String PARSER = "org.apache.spark.launcher.SparkSubmitOptionParser";
  private static final Pattern EQUALS_FORM = Pattern.compile("(--[^=]+)=(.+)");

  private SparkSubmitArgs() {}

  public static void main(String[] args) {
    try {
      System.out.println(count(Arrays.asList(args)));
    } catch (IllegalArgumentException e) {
      System.err.println("effnet-spark: " + e.getMessage());
      System.exit(ExitCode.BAD_CONFIG);
    }
  }

  /** The number of leading {@code args} that spark-submit takes as its own options (with their values). */
  public static int count(List<String> args) {
    List<String> withValue = new ArrayList<>();
    List<String> switches = new ArrayList<>();
    readOptionTable(withValue, switches);
    int i = 0;
    while (i < args.size()) {
      String name = args.get(i);
      boolean valueAttached = false;
      Matcher m = EQUALS_FORM.matcher(name);
      if (m.matches()) {
        name = m.group(1);
        valueAttached = true;
      }
      if (withValue.contains(name)) {
        if (!valueAttached && i == args.size() - 1) {
          throw new IllegalArgumentException(String.format("Missing argument for option '%s'.", name));
        }
        i += valueAttached ? 1 : 2;
      } else if (switches.contains(name)) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }

  private static void readOptionTable(List<String> withValue, List<String> switches) {
    try {
      Class<?> parser = Class.forName(PARSER);
      Constructor<?> constructor = parser.getDeclaredConstructor();
      constructor.setAccessible(true);
      Object instance = constructor.newInstance();
      for (String[] names : table(parser, instance, "opts")) {
        withValue.addAll(Arrays.asList(names));
      }
      for (String[] names : table(parser, instance, "switches")) {
        switches.addAll(Arrays.asList(names));
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read spark-submit's options from " + PARSER
          + " (spark-launcher jar on the classpath?): " + e, e);
    }
  }

  private static String[][] table(Class<?> parser, Object instance, String field) throws ReflectiveOperationException {
    Field f = parser.getDeclaredField(field);
    f.setAccessible(true);
    return (String[][]) f.get(instance);
  }
}
