package io.herald.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Benchmark 2: latency at a fixed publish rate. */
@Command(
    name = "latency",
    mixinStandardHelpOptions = true,
    description =
        "Delivery latency (receive time minus publish time, every delivery recorded) with N"
            + " subscribers and a fixed publish rate.")
final class LatencyCommand implements Callable<Integer> {
  @Mixin Target target;

  @Mixin RunOptions run;

  @Option(
      names = "--rate",
      defaultValue = "100",
      description = "messages published per second, default ${DEFAULT-VALUE}")
  double rate;

  @Option(
      names = "--window",
      defaultValue = "1000",
      description =
          "most messages in flight; a turn that finds this many is skipped and counted;"
              + " default ${DEFAULT-VALUE}")
  int window;

  @Override
  public Integer call() throws Exception {
    FanoutRun.Settings settings =
        new FanoutRun.Settings(
            run.subscribers,
            run.subscriber,
            run.channel,
            window,
            false,
            rate,
            run.pad,
            1,
            run.warmup,
            run.duration,
            run.concurrency);
    FanoutRun.Result result = FanoutRun.run(target, settings);
    FanoutReport.print("herald-bench latency", target, settings, result);
    return FanoutReport.valid(settings, result) ? 0 : 1;
  }
}
