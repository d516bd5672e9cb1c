package io.effnetspark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The README's options table and {@code conf/effnet-job.properties} against {@link Settings}: a setting added,
 * renamed or with a new default fails here until both say the same.
 */
class SettingsDocsTest {
  @Test
  void readmeOptionsTableIsTheRegistrysTable() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("| option | default | meaning |");
    assertTrue(start > 0, "README has an options table");
    int end = readme.indexOf("\n\n", start);
    String table = readme.substring(start, end + 1);
    assertEquals(Settings.markdownTable(), table, "README.md's options table: paste Settings.markdownTable()");
  }

  @Test
  void configFileHoldsOnlySettingsAtTheirDefaults() throws IOException {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of("conf/effnet-job.properties"))) {
      props.load(r);
    }
    assertTrue(props.size() >= 10, "read " + props.size() + " keys");
    List<String> drift = new ArrayList<>();
    for (String key : props.stringPropertyNames()) {
      Optional<Setting<?>> s = Settings.byKey(key).filter(x -> x.from(Setting.Source.CONFIG_FILE));
      if (s.isEmpty()) {
        drift.add(key + ": no such setting");
      } else if (!props.getProperty(key).equals(defaultText(s.get()))) {
        drift.add(key + "=" + props.getProperty(key) + ", but the default is " + defaultText(s.get()));
      }
    }
    assertEquals(List.of(), drift);
  }

  private static <T> String defaultText(Setting<T> s) {
    return s.text(s.defaultValue());
  }

  @Test
  void everySettingIsDocumentedAndKeysAreUnique() {
    List<String> keys = new ArrayList<>();
    for (Setting<?> s : Settings.ALL) {
      assertTrue(!s.doc().isBlank(), s + " has documentation");
      assertTrue(!keys.contains(s.key()), s + " is declared once");
      keys.add(s.key());
    }
  }
}
