package org.byzspark.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsTest {
  @Test
  void registryCreatesEachModel() {
    assertEquals(List.of("softmax", "logistic", "mlp", "cnn", "svm", "linear"), Models.names());
    Model lin = Models.create("linear", 14, 2); // 13 features and the target column
    assertInstanceOf(LinearRegression.class, lin);
    assertEquals(14, lin.dimension());
    assertEquals(14, lin.inputDim());
    Model s = Models.create("softmax", 784, 10);
    assertInstanceOf(SoftmaxRegression.class, s);
    assertEquals(7850, s.dimension());
    Model l = Models.create("logistic", 30, 2);
    assertInstanceOf(LogisticRegression.class, l);
    assertEquals(31, l.dimension());
    Model m = Models.create("mlp", 784, 10);
    assertInstanceOf(Mlp.class, m);
    assertEquals(79_510, m.dimension());
    Model c = Models.create("cnn", 784, 10);
    assertInstanceOf(Cnn.class, c);
    assertEquals(176_050, c.dimension());
    for (String name : List.of("softmax", "logistic", "mlp")) {
      assertEquals(name, Models.create(name, 5, 2).name());
    }
  }

  private static String message(Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertFalse(e.getMessage().contains("\n"), "multi-line message: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void clearOneLineErrors() {
    assertTrue(
        message(() -> Models.create("rnn", 784, 10)).contains("softmax, logistic, mlp, cnn"));
    assertTrue(message(() -> Models.create("cnn", 785, 10)).contains("square"));
    assertTrue(message(() -> Models.create(null, 784, 10)).contains("allowed"));
    assertTrue(message(() -> Models.create("logistic", 784, 10)).contains("numClasses = 2"));
    message(() -> Models.create("softmax", 0, 10));
    message(() -> Models.create("softmax", 5, 1));
    message(() -> Models.create("mlp", -1, 10));
    message(() -> Models.create("mlp", 5, 1));
    assertTrue(message(() -> Models.create("linear", 1, 1)).contains("target"));
  }

  @Test
  void modelsSerializeAsShapesOnly() throws Exception {
    for (String name : Models.names()) {
      Model m = Models.create(name, 784, 2);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(m);
      }
      assertTrue(bytes.size() < 1000, name + " serializes to " + bytes.size() + " bytes");
      Model back;
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        back = (Model) in.readObject();
      }
      assertEquals(m, back);
      assertEquals(m.dimension(), back.dimension());
      assertArrayEquals(m.init(9), back.init(9), 0.0);
    }
  }
}
