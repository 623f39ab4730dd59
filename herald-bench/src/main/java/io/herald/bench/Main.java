package io.herald.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Herald load generator: {@code fanout}, {@code latency} and {@code memory} against a running
 * server that speaks the {@code /herald} WebSocket protocol (docs/benchmarks.md). {@code
 * herald-bench/run.sh} starts the server, pins both processes to their cores and calls this.
 */
@Command(
    name = "herald-bench",
    mixinStandardHelpOptions = true,
    description = "Load generator for Herald's benchmarks (see docs/benchmarks.md).",
    subcommands = {FanoutCommand.class, LatencyCommand.class, MemoryCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    int code =
        new CommandLine(new Main())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(
                (e, command, parsed) -> {
                  // Bad options and failed runs end with one line; anything else is a bug.
                  if (e instanceof IllegalArgumentException) {
                    command.getErr().println("herald-bench: " + e.getMessage());
                    return 2;
                  }
                  if (e instanceof IllegalStateException) {
                    command.getErr().println("herald-bench: run failed: " + e.getMessage());
                    return 1;
                  }
                  throw e;
                })
            .execute(args);
    System.exit(code);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
