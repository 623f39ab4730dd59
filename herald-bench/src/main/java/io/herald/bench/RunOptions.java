package io.herald.bench;

import picocli.CommandLine.Option;

/** The options the fan-out and latency benchmarks share. */
final class RunOptions {
  @Option(names = "--subscribers", defaultValue = "1000", description = "default ${DEFAULT-VALUE}")
  int subscribers;

  // A JVM server keeps compiling for a while, and pinned to one core its compiler competes with
  // the event loop; 30 s gets past that (and gives Node the same start).
  @Option(
      names = "--warmup",
      defaultValue = "30",
      description = "seconds, default ${DEFAULT-VALUE}")
  int warmup;

  @Option(
      names = "--duration",
      defaultValue = "30",
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
      names = "--subscriber",
      defaultValue = "herald",
      description =
          "subscriber protocol: herald (the /herald WebSocket protocol at --path) or socketio"
              + " (Socket.IO v5 over Engine.IO's WebSocket transport at /socket.io/, joining the"
              + " room named in its CONNECT auth); the publisher uses /herald either way;"
              + " default ${DEFAULT-VALUE}")
  SubscriberProtocol subscriber;

  @Option(
      names = "--concurrency",
      defaultValue = "200",
      description = "connections being set up at once, default ${DEFAULT-VALUE}")
  int concurrency;
}
