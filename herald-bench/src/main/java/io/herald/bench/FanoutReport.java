package io.herald.bench;

import io.herald.bench.proc.ProcStats;
import java.util.Comparator;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** Prints the results of a {@link FanoutRun}. */
final class FanoutReport {
  private FanoutReport() {}

  /**
   * A run counts only if no connection was lost, nothing was refused or skipped, and the deliveries
   * kept up with the publishes (a backlog that grows by more than 0.5 % of the deliveries means the
   * server, or the load generator, could not keep up).
   */
  static boolean valid(FanoutRun.Settings s, FanoutRun.Result r) {
    return r.closed() == 0 && r.errors() == 0 && r.skipped() == 0 && keptUp(s, r);
  }

  static boolean keptUp(FanoutRun.Settings s, FanoutRun.Result r) {
    return r.deliveries() >= 0.995 * r.published() * s.subscribers();
  }

  static void print(String title, Target target, FanoutRun.Settings s, FanoutRun.Result r) {
    double secs = r.seconds();
    double deliveriesPerSecond = r.deliveries() / secs;
    LongSummaryStatistics perSecond =
        r.perSecond().stream().mapToLong(Long::longValue).summaryStatistics();
    Report report = new Report(title);
    report
        .line("server", target.describe())
        .line(
            "setup",
            s.subscribers()
                + (s.subscriber() == SubscriberProtocol.SOCKETIO
                    ? " Socket.IO subscribers (EIO=4 websocket) in room '"
                    : " subscribers of '")
                + s.channel()
                + "', "
                + (s.rate() > 0
                    ? Report.fixed(s.rate(), 0) + " msg/s fixed rate"
                    : "window "
                        + s.window()
                        + (s.ackWindow() ? " un-acked publishes" : " messages in flight"))
                + ", pad "
                + s.padBytes()
                + " B, client "
                + target.threads
                + " "
                + r.transport()
                + " thread(s)")
        .line("measured", Report.fixed(secs, 1) + " s after " + s.warmupSeconds() + " s warm-up")
        .line(
            "deliveries/s",
            Report.count(deliveriesPerSecond)
                + "   (per second: min "
                + Report.count(perSecond.getMin())
                + ", max "
                + Report.count(perSecond.getMax())
                + ")")
        .line(
            "published/s",
            Report.fixed(r.published() / secs, 1)
                + "   acked/s "
                + Report.fixed(r.acked() / secs, 1)
                + (r.skipped() > 0 ? "   SKIPPED " + r.skipped() : ""));
    report
        .value("bench", title.substring(title.lastIndexOf(' ') + 1))
        .value("target", target.label)
        .value("subscriber", s.subscriber().label())
        .value("subscribers", s.subscribers())
        .value("deliveries_per_s", Math.round(deliveriesPerSecond))
        .value("published_per_s", Report.fixed(r.published() / secs, 1));
    if (r.serverCpu() != null) {
      double serverPct = 100 * r.serverCpu().seconds() / secs;
      report.line(
          "server CPU",
          Report.fixed(serverPct, 1)
              + " % of one core (user "
              + Report.fixed(100.0 * r.serverCpu().user() / ProcStats.CLK_TCK / secs, 1)
              + " %, system "
              + Report.fixed(100.0 * r.serverCpu().system() / ProcStats.CLK_TCK / secs, 1)
              + " %)");
      if (serverPct > 0) {
        report.line(
            "per server core-sec",
            Report.count(deliveriesPerSecond / (serverPct / 100)) + " deliveries");
      }
      report.value("server_cpu_pct", Report.fixed(serverPct, 1));
      report.line("server threads", topThreads(r.serverThreads(), secs));
    }
    double clientPct = 100 * r.clientCpu().seconds() / secs;
    report.line("load generator CPU", Report.fixed(clientPct, 1) + " % of one core");
    report.value("client_cpu_pct", Report.fixed(clientPct, 1));
    StringBuilder cores = new StringBuilder();
    for (int i = 0; i < r.coreNames().size(); i++) {
      cores
          .append(i == 0 ? "" : ", ")
          .append(r.coreNames().get(i))
          .append(' ')
          .append(Report.fixed(r.coresBusy().get(i)[0], 1))
          .append(" % (softirq ")
          .append(Report.fixed(r.coresBusy().get(i)[1], 1))
          .append(" %)");
    }
    report.line("cores busy", cores.toString());
    if (r.serverCpu() != null) {
      double others = -clientPct - 100 * r.serverCpu().seconds() / secs;
      for (double[] busy : r.coresBusy()) {
        others += busy[0];
      }
      report.line(
          "other CPU",
          Report.fixed(others, 1)
              + " % of a core busy but charged to neither process"
              + (others > 20 ? " -- OTHER LOAD ON THE MACHINE, figures are suspect" : ""));
      report.value("other_cpu_pct", Report.fixed(others, 1));
    }
    Histogram h = r.latency();
    String sampled =
        s.sampleEvery() == 1
            ? "every delivery"
            : "every delivery to 1 in " + s.sampleEvery() + " subscribers";
    report.line("latency samples", Report.count(h.getTotalCount()) + " (" + sampled + ")");
    if (h.getTotalCount() > 0) {
      report.line(
          "latency ms",
          "p50 "
              + ms(h.getValueAtPercentile(50))
              + "  p90 "
              + ms(h.getValueAtPercentile(90))
              + "  p99 "
              + ms(h.getValueAtPercentile(99))
              + "  p99.9 "
              + ms(h.getValueAtPercentile(99.9))
              + "  max "
              + ms(h.getMaxValue()));
      report
          .value("p50_ms", ms(h.getValueAtPercentile(50)))
          .value("p90_ms", ms(h.getValueAtPercentile(90)))
          .value("p99_ms", ms(h.getValueAtPercentile(99)))
          .value("p999_ms", ms(h.getValueAtPercentile(99.9)))
          .value("max_ms", ms(h.getMaxValue()));
    }
    if (r.byPosition() != null) {
      StringBuilder p50 = new StringBuilder();
      StringBuilder p99 = new StringBuilder();
      for (Histogram tenth : r.byPosition()) {
        if (tenth.getTotalCount() > 0) {
          p50.append(p50.isEmpty() ? "" : " ")
              .append(Report.fixed(tenth.getValueAtPercentile(50) / 1e6, 1));
          p99.append(p99.isEmpty() ? "" : " ")
              .append(Report.fixed(tenth.getValueAtPercentile(99) / 1e6, 1));
        }
      }
      report.line(
          "by subscriber tenth", "p50 ms " + p50 + "  (1st..10th tenth in subscription order)");
      report.line("", "p99 ms " + p99);
    }
    if (s.rate() > 0 && r.lateness().getTotalCount() > 0) {
      report.line(
          "publisher lateness",
          "p99 "
              + ms(r.lateness().getValueAtPercentile(99))
              + " ms, max "
              + ms(r.lateness().getMaxValue())
              + " ms behind schedule (whole run)");
    }
    report.line(
        "problems",
        r.closed()
            + " connections lost, "
            + r.errors()
            + " error frames"
            + (r.firstProblem() == null ? "" : "; first: " + r.firstProblem())
            + (keptUp(s, r) ? "" : "; deliveries fell behind the publishes (backlog grew)")
            + (valid(s, r) ? "" : "   => RUN INVALID"));
    report.value("valid", valid(s, r));
    report.print();
  }

  private static String topThreads(Map<String, Long> threads, double secs) {
    return threads.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .limit(5)
        .map(
            e ->
                e.getKey()
                    + " "
                    + Report.fixed(100.0 * e.getValue() / ProcStats.CLK_TCK / secs, 1)
                    + " %")
        .collect(Collectors.joining(", "));
  }

  private static String ms(long nanos) {
    return Report.fixed(nanos / 1e6, 3);
  }
}
