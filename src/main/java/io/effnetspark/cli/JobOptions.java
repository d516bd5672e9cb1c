package io.effnetspark.cli;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Setting;
import io.effnetspark.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The job's command line, made from {@link Settings}: one option {@code --key} per setting, and the config file
 * ({@code --config}, e.g. {@code conf/effnet-job.properties}) with the same keys without {@code --}. Which value
 * wins is {@link JobConfig#resolve}'s business.
 */
final class JobOptions {
  private JobOptions() {}

  /** A parsed command line: help or version asked for, or the job's configuration. */
  record Parsed(CommandLine commandLine, JobConfig config) {
    boolean helpOrVersion() {
      return config == null;
    }
  }

  /** The options of every command-line setting, with {@code --help} and {@code --version}. */
  static CommandLine commandLine() {
    CommandSpec spec = CommandSpec.create().name("effnet-spark").version("effnet-spark 0.1.0")
        .mixinStandardHelpOptions(true);
    spec.usageMessage().sortOptions(false).description("Classifies every image under --input with an EfficientNet on "
        + "Spark executors and writes one Parquet row per image to --output, plus <output>/_run.json.");
    for (Setting<?> s : Settings.ALL) {
      OptionSpec.Builder o = OptionSpec.builder(s.option()).type(String.class)
          .description(plain(s.doc()) + ". Default: " + plain(s.defaultDoc()) + ".");
      if (s.isFlag()) {
        o.arity("0..1").fallbackValue("true").paramLabel("true|false");
      } else {
        o.arity("1").paramLabel(s.label().isEmpty() ? "VALUE" : s.label());
      }
      spec.addOption(o.build());
    }
    return new CommandLine(spec);
  }

  /**
   * Parses {@code args} and the config file they name.
   *
   * @throws CommandLine.ParameterException for an unknown option, an unreadable config file or an unknown key in it
   * @throws IllegalArgumentException listing every bad value
   */
  static Parsed parse(String... args) {
    CommandLine cmd = commandLine();
    ParseResult result = cmd.parseArgs(args);
    if (result.isUsageHelpRequested() || result.isVersionHelpRequested()) {
      return new Parsed(cmd, null);
    }
    Map<String, String> given = new LinkedHashMap<>();
    for (OptionSpec o : result.matchedOptions()) {
      given.put(o.longestName().substring(2), o.getValue());
    }
    String config = given.get(Settings.CONFIG.key());
    Map<String, String> file = config == null ? Map.of() : readConfig(cmd, Path.of(config));
    return new Parsed(cmd, JobConfig.resolve(given, file));
  }

  private static Map<String, String> readConfig(CommandLine cmd, Path file) {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      props.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "cannot read config file " + file + ": " + e.getMessage());
    }
    Set<String> known = new TreeSet<>();
    Settings.ALL.stream().filter(s -> s.from(Setting.Source.CONFIG_FILE)).forEach(s -> known.add(s.key()));
    List<String> unknown = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : props.stringPropertyNames()) {
      if (!known.contains(key)) {
        unknown.add(key);
      }
      values.put(key, props.getProperty(key));
    }
    if (!unknown.isEmpty()) {
      throw new CommandLine.ParameterException(cmd, "config file " + file + ": unknown key(s) " + unknown
          + "; known keys: " + known);
    }
    return values;
  }

  /** Markdown as plain text for {@code --help}: no backticks, links as their text. */
  private static String plain(String markdown) {
    return markdown.replace("`", "").replaceAll("\\[([^]]+)]\\(#[^)]+\\)", "$1");
  }
}
