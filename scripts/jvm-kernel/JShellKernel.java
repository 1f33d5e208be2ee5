import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.execution.LocalExecutionControlProvider;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The Jupyter kernel of ByzSpark's Java notebooks: JShell, run in the kernel's own JVM, so that the
 * notebook's code sees the kernel's class path (ByzSpark and Spark, as scripts/jvm-kernel.sh writes
 * it into kernel.json) and Spark local runs in that JVM. The Jupyter protocol is jjava-jupyter's.
 *
 * <p>A cell is split into JShell snippets and run in order; the first that does not compile, or
 * throws, stops the cell and is reported as the cell's error (so nbconvert --execute fails). The
 * value of the cell's last expression is its result.
 *
 * <pre>java -cp KERNEL_AND_PROJECT_CLASSPATH JShellKernel CONNECTION_FILE</pre>
 */
public final class JShellKernel extends BaseKernel {
  private final JShell shell;

  private JShellKernel(
      String name,
      HistoryManager history,
      JupyterIO io,
      CommManager comms,
      Renderer renderer,
      MagicsRegistry magics,
      StringStyler errorStyler) {
    super(
        name,
        "1",
        new LanguageInfo(
            "java",
            Runtime.version().toString(),
            "text/x-java-source",
            ".jshell",
            "java",
            "java",
            "script"),
        List.of(),
        history,
        io,
        comms,
        renderer,
        null,
        magics,
        false,
        errorStyler);
    this.shell =
        JShell.builder()
            .executionEngine(new LocalExecutionControlProvider(), new HashMap<>())
            .build();
    // the compiler sees what the JVM runs with (the local engine loads through the JVM's loader)
    shell.addToClasspath(System.getProperty("java.class.path"));
  }

  @Override
  public String getBanner() {
    return "ByzSpark Java kernel (JShell " + Runtime.version() + ")";
  }

  @Override
  public Object evalRaw(String code) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String remaining = code;
    String result = null;
    while (!remaining.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
      switch (info.completeness()) {
        case EMPTY:
          return result == null ? null : new DisplayData(result);
        case DEFINITELY_INCOMPLETE:
        case CONSIDERED_INCOMPLETE:
          throw new IllegalArgumentException("incomplete Java source: " + firstLine(remaining));
        default:
          break;
      }
      String source = info.source() == null ? remaining : info.source();
      remaining = info.source() == null ? "" : info.remaining();
      result = null;
      for (SnippetEvent event : shell.eval(source)) {
        check(event);
        Snippet snippet = event.snippet();
        // an expression's value (JShell keeps it as a temporary variable $N)
        boolean expression =
            snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
        if (event.causeSnippet() == null && expression && event.value() != null) {
          result = event.value();
        }
      }
    }
    return result == null ? null : new DisplayData(result);
  }

  private void check(SnippetEvent event) {
    if (event.exception() instanceof EvalException e) {
      throw new SnippetException(e.getExceptionClassName() + ": " + e.getMessage(), e);
    }
    if (event.exception() instanceof UnresolvedReferenceException e) {
      throw new SnippetException(
          "unresolved reference in: " + firstLine(e.getSnippet().source()), e);
    }
    if (event.exception() != null) {
      throw new SnippetException(event.exception().toString(), event.exception());
    }
    if (event.status() == Snippet.Status.REJECTED) {
      String diagnostics =
          shell
              .diagnostics(event.snippet())
              .map(JShellKernel::describe)
              .collect(Collectors.joining("\n"));
      throw new SnippetException(
          "does not compile: " + firstLine(event.snippet().source()) + "\n" + diagnostics, null);
    }
  }

  private static String describe(Diag d) {
    return (d.isError() ? "error: " : "warning: ") + d.getMessage(Locale.ROOT);
  }

  private static String firstLine(String source) {
    String s = source.strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + " ...";
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    List<SourceCodeAnalysis.Documentation> docs =
        shell.sourceCodeAnalysis().documentation(code, at, extraDetail);
    if (docs.isEmpty()) {
      return null;
    }
    return new DisplayData(
        docs.stream()
            .map(d -> d.signature() + (d.javadoc() == null ? "" : "\n" + d.javadoc()))
            .collect(Collectors.joining("\n\n")));
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    int[] anchor = new int[1];
    List<String> names = new ArrayList<>();
    for (SourceCodeAnalysis.Suggestion s :
        shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor)) {
      names.add(s.continuation());
    }
    return new ReplacementOptions(names, anchor[0], at);
  }

  @Override
  public String isComplete(String code) {
    SourceCodeAnalysis.CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(code);
    return switch (info.completeness()) {
      case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
      case UNKNOWN -> IS_COMPLETE_BAD;
      default -> IS_COMPLETE_YES;
    };
  }

  @Override
  public void interrupt() {
    shell.stop();
  }

  @Override
  public void onShutdown(boolean restart) {
    shell.close();
  }

  /** A snippet's compile error or exception, the cell's error as the notebook shows it. */
  static final class SnippetException extends RuntimeException {
    SnippetException(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  static final class Builder extends BaseKernelBuilder<Builder, JShellKernel> {
    @Override
    public JShellKernel build() {
      return new JShellKernel(
          buildName(),
          buildHistoryManager(),
          buildJupyterIO(buildJupyterIOEncoding()),
          buildCommManager(),
          buildRenderer(),
          buildMagicsRegistry(),
          buildErrorStyler());
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: JShellKernel CONNECTION_FILE");
      System.exit(2);
    }
    KernelConnectionProperties connection =
        KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
    JupyterConnection jupyter = new JupyterConnection(connection);
    JShellKernel kernel = new Builder().name("byzspark-java").build();
    kernel.becomeHandlerForConnection(jupyter);
    jupyter.connect();
    jupyter.waitUntilClose();
    // threads a cell left running (a SparkSession not stopped) do not keep the kernel alive
    System.exit(0);
  }
}
