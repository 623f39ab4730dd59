package io.herald.bench;

import picocli.CommandLine.Option;

/** The options the fan-out and latency benchmarks share. */
final class RunOptions {
  @Option(names = "--subscribers", defaultValue = "1000", description = "default ${DEFAULT-VALUE}")
  int subscribers;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "seconds, default ${DEFAULT-VALUE}")
  int warmup;

  @Option(
      names = "--duration",
      defaultValue = "20",
      description = "measured seconds, default ${DEFAULT-VALUE}")
  int duration;

  @Option(
      names = "--pad",
      defaultValue = "100",
      description = "bytes of padding in each message's data, default ${DEFAULT-VALUE}")
  int pad;

  @Option(names = "--channel", defaultValue = "bench", description = "default ${DEFAULT-VALUE}")
  String channel;

  @Option(
      names = "--concurrency",
      defaultValue = "200",
      description = "connections being set up at once, default ${DEFAULT-VALUE}")
  int concurrency;
}
