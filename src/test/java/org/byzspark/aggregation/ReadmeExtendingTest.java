package org.byzspark.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.byzspark.util.Component;
import org.byzspark.util.Params;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of docs/extending.md ("Extending ByzSpark"), compiled as it is written there: it must
 * compile against the project, register through {@link Aggregators#register}, and give the mean
 * after clipping to the median norm on a hand-computed case.
 */
class ReadmeExtendingTest {
  @TempDir Path tmp;

  /** The first java block after the "# Extending ByzSpark" heading of docs/extending.md. */
  static String example() throws Exception {
    String doc = Files.readString(Path.of("docs/extending.md"), StandardCharsets.UTF_8);
    int at = doc.indexOf("# Extending ByzSpark");
    assertTrue(at >= 0, "docs/extending.md has no Extending heading");
    Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertTrue(m.find(at), "the Extending section has no java example");
    return m.group(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theExampleCompilesRegistersAndAggregates() throws Exception {
    String source = example();
    Matcher name = Pattern.compile("public final class (\\w+)").matcher(source);
    assertTrue(name.find(), source);
    String cls = "org.byzspark.aggregation." + name.group(1);
    Path dir = tmp.resolve("src/org/byzspark/aggregation");
    Files.createDirectories(dir);
    Path file = dir.resolve(name.group(1) + ".java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    Path out = Files.createDirectories(tmp.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "a JDK is needed to compile the example");
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int code =
        javac.run(
            null,
            diagnostics,
            diagnostics,
            "-d",
            out.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            file.toString());
    assertEquals(0, code, diagnostics.toString(StandardCharsets.UTF_8));

    // The compiled class shares the package of the project's classes: load it with them.
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {out.toUri().toURL()}, ReadmeExtendingTest.class.getClassLoader()) {
          @Override
          protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
            if (n.equals(cls)) {
              synchronized (getClassLoadingLock(n)) {
                Class<?> c = findLoadedClass(n);
                return c != null ? c : findClass(n);
              }
            }
            return super.loadClass(n, resolve);
          }
        }) {
      Class<?> rule = loader.loadClass(cls);
      Component spec = (Component) rule.getField("SPEC").get(null);
      Function<Params, Aggregator> factory =
          p -> {
            try {
              return (Aggregator) rule.getConstructor(Params.class).newInstance(p);
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(e);
            }
          };
      try (var registration = Aggregators.register(spec, factory)) {
        assertTrue(Aggregators.names().contains(spec.name()));
        Aggregator a = Aggregators.create(spec.name(), Params.empty());
        // norms 1, 2, 10 (median 2): (1,0) stays, (0,2) stays, (0,10) becomes (0,2)
        double[][] x = {{1, 0}, {0, 2}, {0, 10}};
        double[] mean = a.aggregate(x, 1, new Round(1, 1));
        assertArrayEquals(new double[] {1.0 / 3, 4.0 / 3}, mean, 1e-12);
        // finite with a NaN row (its norm sorts last; NaN rows clip to zero)
        double[] withNan =
            a.aggregate(new double[][] {{1, 0}, {0, 2}, {Double.NaN, 1}}, 1, new Round(1, 1));
        assertTrue(
            Double.isFinite(withNan[0]) && Double.isFinite(withNan[1]),
            List.of(withNan[0], withNan[1]).toString());
      }
      assertTrue(!Aggregators.names().contains(spec.name()), "unregistered after the scope");
    }
  }
}
