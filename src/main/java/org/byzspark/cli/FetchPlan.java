package org.byzspark.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.byzspark.data.DatasetSpec;

/**
 * The launcher's first pass over a {@code train}, {@code grid}, {@code predict} or {@code evaluate}
 * command line: which datasets it must fetch before the command runs.
 *
 * <pre>
 *   java ... org.byzspark.cli.FetchPlan PLAN_FILE train|grid|predict|evaluate [options]
 * </pre>
 *
 * <p>It runs the command's own check ({@code grid --dry-run}, {@code --validate-only} for the
 * others; the flag is added when the command line lacks it) with the presence of the fetchable
 * datasets left unchecked (see {@link DatasetSpec#deferFetchable}): the plain {@code mnist} and
 * {@code fashion-mnist} in a local data directory. When the check passes, PLAN_FILE receives one
 * line {@code KIND DIR} (tab-separated) for each of those datasets that the command uses and that
 * lacks one of its four files, DIR being its data directory, as {@code scripts/fetch-data.sh KIND
 * DIR} takes it. A wrong command line therefore fails here, with the command's own one-line error
 * and exit code, before anything is downloaded.
 *
 * <p>When the command line carries the check flag itself, the check's output goes to standard
 * output and the command is complete; otherwise that output is dropped (the launcher runs the
 * command next).
 */
public final class FetchPlan {
  /** The commands that read datasets. */
  static final List<String> COMMANDS = List.of("train", "grid", "predict", "evaluate");

  private FetchPlan() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The exit code of the check; writes the plan only when it is 0. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 2 || !COMMANDS.contains(args[1])) {
      err.println("usage: FetchPlan PLAN_FILE " + String.join("|", COMMANDS) + " [options]");
      return 2;
    }
    Path planFile = Path.of(args[0]);
    String command = args[1];
    String flag = command.equals("grid") ? "--dry-run" : "--validate-only";
    List<String> line = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
    boolean checkOnly = line.contains(flag);
    if (!checkOnly) {
      line.add(flag);
    }
    PrintStream checkOut =
        checkOnly
            ? out
            : new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    Set<DatasetSpec> met = new LinkedHashSet<>();
    int code =
        DatasetSpec.deferFetchable(() -> Main.run(line.toArray(String[]::new), checkOut, err), met);
    if (code != 0) {
      return code;
    }
    StringBuilder plan = new StringBuilder();
    Set<Path> planned = new LinkedHashSet<>();
    for (DatasetSpec spec : met) {
      if (!spec.localFilesPresent() && planned.add(spec.localDir())) {
        plan.append(spec.kind()).append('\t').append(spec.localDir().getParent()).append('\n');
      }
    }
    try {
      Files.writeString(planFile, plan.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("byzspark " + command + ": error: cannot write " + planFile + ": " + e);
      return 1;
    }
    return 0;
  }
}
