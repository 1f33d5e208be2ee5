package org.byzspark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/estimator.md's Params table is the one the declarations generate. */
class EstimatorDocTest {
  @Test
  void paramsTableIsCurrent() throws Exception {
    String doc = Files.readString(Path.of("docs/estimator.md"), StandardCharsets.UTF_8);
    int begin = doc.indexOf("<!-- params:begin");
    int end = doc.indexOf("<!-- params:end -->");
    assertTrue(begin >= 0 && end > begin, "docs/estimator.md has the params markers");
    String block = doc.substring(doc.indexOf('\n', begin) + 1, end);
    assertEquals(
        OptionParams.markdown(),
        block,
        "regenerate the table between the markers from OptionParams.markdown()");
  }
}
