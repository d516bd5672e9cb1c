package io.effnetspark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering rule of the README's Layout section, read from the compiled classes: a package uses only packages
 * below it. Every class name a class file mentions (its constant pool: types it extends, calls, creates, declares)
 * is counted, so an import cannot hide behind a fully qualified name.
 */
class LayeringTest {
  /** Lowest first; a package may use the packages on lower floors only. */
  static final List<List<String>> FLOORS = List.of(
      List.of("config"),
      List.of("model"),
      List.of("image"),
      List.of("inference"),
      List.of("spark"),
      List.of("progress"),
      List.of("report"),
      List.of("output"),
      List.of("job"),
      List.of("cli"),
      List.of("tools", "bench"));

  private static final Pattern REFERENCE = Pattern.compile("io/effnetspark/(\\w+)/");

  static int floor(String pkg) {
    for (int i = 0; i < FLOORS.size(); i++) {
      if (FLOORS.get(i).contains(pkg)) {
        return i;
      }
    }
    throw new AssertionError("package io.effnetspark." + pkg + " has no floor in LayeringTest.FLOORS and the "
        + "README's Layout section");
  }

  /** The packages of io.effnetspark that {@code classFile} mentions. */
  static TreeSet<String> packagesUsed(byte[] classFile) {
    TreeSet<String> used = new TreeSet<>();
    Matcher m = REFERENCE.matcher(new String(classFile, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      used.add(m.group(1));
    }
    return used;
  }

  @Test
  void noPackageUsesAPackageAboveIt() throws IOException {
    Path root = Path.of("target/classes/io/effnetspark");
    assertTrue(Files.isDirectory(root), "compile first: " + root);
    TreeSet<String> violations = new TreeSet<>();
    int classes;
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> all = files.filter(p -> p.toString().endsWith(".class")).toList();
      classes = all.size();
      for (Path file : all) {
        String pkg = root.relativize(file).getName(0).toString();
        int own = floor(pkg);
        for (String used : packagesUsed(Files.readAllBytes(file))) {
          if (!used.equals(pkg) && floor(used) >= own) {
            violations.add(pkg + " -> " + used + " (" + root.relativize(file) + ")");
          }
        }
      }
    }
    assertTrue(classes > 50, "read " + classes + " classes");
    assertEquals("", String.join("\n", violations), "packages that use a package on their floor or above");
  }

  @Test
  void theRuleSeesAnUpwardReference() {
    // A class of model/ naming inference/ (as model/ModelLoader once did) is found.
    byte[] fake = "\u0007\u0000\u0027io/effnetspark/inference/ClassifierTranslator".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(new TreeSet<>(List.of("inference")), packagesUsed(fake));
    assertTrue(floor("inference") > floor("model"));
  }
}
