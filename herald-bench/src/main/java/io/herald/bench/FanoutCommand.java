package io.herald.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Benchmark 1: fan-out throughput at saturation. */
@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    description =
        "Deliveries per second to N subscribers of one channel, the publisher going as fast as a"
            + " bounded window of in-flight messages allows.")
final class FanoutCommand implements Callable<Integer> {
  @Mixin Target target;

  @Mixin RunOptions run;

  @Option(
      names = "--window",
      defaultValue = "64",
      description =
          "most messages in flight (published, not yet acked and delivered to every subscriber);"
              + " default ${DEFAULT-VALUE}")
  int window;

  @Option(
      names = "--ack-window",
      description =
          "count a message as in flight only until it is acked, not until every subscriber has it"
              + " (Herald acks before fanning out, so this leaves the fan-out queues unbounded)")
  boolean ackWindow;

  @Option(
      names = "--sample-every",
      defaultValue = "50",
      description =
          "every Nth subscriber parses the publish time of each message for latency;"
              + " default ${DEFAULT-VALUE}")
  int sampleEvery;

  @Override
  public Integer call() throws Exception {
    FanoutRun.Settings settings =
        new FanoutRun.Settings(
            run.subscribers,
            run.subscriber,
            run.channel,
            window,
            ackWindow,
            0,
            run.pad,
            sampleEvery,
            run.warmup,
            run.duration,
            run.concurrency);
    FanoutRun.Result result = FanoutRun.run(target, settings);
    FanoutReport.print("herald-bench fanout", target, settings, result);
    return FanoutReport.valid(settings, result) ? 0 : 1;
  }
}
