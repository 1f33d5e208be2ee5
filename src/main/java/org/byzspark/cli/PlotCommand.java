package org.byzspark.cli;

import java.io.PrintStream;

/** {@code byzspark plot DIR}: placeholder. */
final class PlotCommand {
  private PlotCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    throw new CliError("not yet");
  }
}
