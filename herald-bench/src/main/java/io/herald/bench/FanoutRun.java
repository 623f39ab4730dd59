package io.herald.bench;

import io.herald.bench.client.Clients;
import io.herald.bench.client.WsConnection;
import io.herald.bench.load.LoadStats;
import io.herald.bench.load.PublisherClient;
import io.herald.bench.proc.ProcStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One fan-out run, shared by {@code fanout} and {@code latency}: {@code subscribers} connections
 * subscribe to one channel, one more connection publishes to it (windowed or at a fixed rate), and
 * after a warm-up the run counts deliveries, latency and CPU over a fixed window.
 */
final class FanoutRun {
  /** What to run. {@code rate} 0 means as fast as the window allows. */
  record Settings(
      int subscribers,
      SubscriberProtocol subscriber,
      String channel,
      int window,
      boolean ackWindow,
      double rate,
      int padBytes,
      int sampleEvery,
      int warmupSeconds,
      int durationSeconds,
      int concurrency) {
    Settings {
      if (subscribers < 1 || window < 1 || sampleEvery < 1 || concurrency < 1 || padBytes < 0) {
        throw new IllegalArgumentException(
            "--subscribers, --window, --sample-every and --concurrency must be >= 1, --pad >= 0");
      }
      if (rate < 0
          || warmupSeconds < 0
          || durationSeconds < 1
          || warmupSeconds + durationSeconds > 3600) {
        throw new IllegalArgumentException(
            "--rate >= 0, --warmup >= 0, --duration >= 1 and at most an hour in all");
      }
    }
  }

  /** What a run measured between the end of the warm-up and the end of the run. */
  record Result(
      double seconds,
      long deliveries,
      long published,
      long acked,
      long skipped,
      List<Long> perSecond,
      ProcStats.CpuTicks serverCpu,
      ProcStats.CpuTicks clientCpu,
      List<double[]> coresBusy,
      List<String> coreNames,
      Map<String, Long> serverThreads,
      Histogram latency,
      Histogram[] byPosition,
      Histogram lateness,
      int closed,
      int errors,
      String firstProblem,
      String transport,
      long setupMillis) {}

  private FanoutRun() {}

  static Result run(Target target, Settings s) throws InterruptedException {
    LoadStats stats = new LoadStats();
    // The publisher has an event loop of its own: sharing one with a thousand subscriber sockets,
    // its fixed-rate timer would fire only after each read pass and publish in bursts.
    try (Clients clients =
            new Clients(target.address(), s.subscriber().path(target), target.threads);
        Clients publishing = new Clients(target.address(), target.path, 1)) {
      PublisherClient publisher =
          new PublisherClient(
              stats,
              s.channel(),
              () -> s.subscribers(),
              s.window(),
              s.ackWindow(),
              s.rate(),
              s.padBytes());
      Runnable wake = s.rate() > 0 ? null : publisher::wake;
      long setupStart = System.nanoTime();
      clients.open(
          s.subscribers(),
          s.concurrency(),
          60_000,
          i ->
              s.subscriber()
                  .subscriber(
                      stats,
                      s.channel(),
                      i % s.sampleEvery() == 0,
                      s.sampleEvery() == 1 ? i * 10 / s.subscribers() : -1,
                      wake));
      await(
          () -> stats.subscribed.get() >= s.subscribers() || stats.closed.get() > 0,
          60_000,
          "subscriptions");
      if (stats.closed.get() > 0) {
        throw new IllegalStateException("setup failed: " + stats.firstProblem());
      }
      List<WsConnection> pub = publishing.open(1, 1, 10_000, i -> publisher);
      await(() -> pub.get(0).isOpen() || stats.closed.get() > 0, 10_000, "publisher connection");
      long setupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setupStart);
      progress(
          "%d %s subscribers ready in %d ms (%s); publishing %s",
          s.subscribers(),
          s.subscriber().label(),
          setupMillis,
          clients.transport(),
          s.rate() > 0
              ? s.rate() + " msg/s"
              : "with window " + s.window() + (s.ackWindow() ? " (acks only)" : ""));

      publisher.start();
      Snapshot begin = s.warmupSeconds() == 0 ? Snapshot.take(target, stats, publisher) : null;
      List<Long> perSecond = new ArrayList<>();
      long previous = 0;
      int idleSeconds = 0;
      long t0 = System.nanoTime();
      int total = s.warmupSeconds() + s.durationSeconds();
      for (int second = 1; second <= total; second++) {
        sleepUntil(t0 + TimeUnit.SECONDS.toNanos(second));
        long now = stats.deliveries.get();
        long delta = now - previous;
        previous = now;
        boolean measuring = second > s.warmupSeconds();
        if (measuring) {
          perSecond.add(delta);
        }
        progress(
            "%s %2d s  %,10d deliveries/s  published %,d",
            measuring ? "measure" : "warm-up", second, delta, publisher.published());
        if (second == s.warmupSeconds()) {
          stats.latency.getIntervalHistogram();
          for (var tenth : stats.byPosition) {
            tenth.getIntervalHistogram();
          }
          begin = Snapshot.take(target, stats, publisher);
        }
        idleSeconds = delta == 0 ? idleSeconds + 1 : 0;
        if (idleSeconds >= 3) {
          throw new IllegalStateException(
              "no deliveries for 3 s: "
                  + (stats.firstProblem() == null ? "stalled" : stats.firstProblem()));
        }
        if (target.serverPid != null && !ProcStats.alive(target.serverPid)) {
          throw new IllegalStateException("the server process " + target.serverPid + " ended");
        }
      }
      Snapshot end = Snapshot.take(target, stats, publisher);
      Histogram latency = stats.latency.getIntervalHistogram();
      Histogram[] byPosition = null;
      if (s.sampleEvery() == 1) {
        byPosition = new Histogram[stats.byPosition.length];
        for (int i = 0; i < byPosition.length; i++) {
          byPosition[i] = stats.byPosition[i].getIntervalHistogram();
        }
      }
      publisher.stop();
      stats.stopping();
      List<double[]> cores = new ArrayList<>();
      List<String> coreNames = new ArrayList<>();
      for (int i = 0; i < end.cores.size(); i++) {
        coreNames.add(end.cores.get(i).name());
        cores.add(
            new double[] {
              end.cores.get(i).busyPercentSince(begin.cores.get(i)),
              end.cores.get(i).softirqPercentSince(begin.cores.get(i))
            });
      }
      return new Result(
          (end.nanos - begin.nanos) / 1e9,
          end.deliveries - begin.deliveries,
          end.published - begin.published,
          end.acked - begin.acked,
          end.skipped - begin.skipped,
          perSecond,
          end.server == null ? null : end.server.minus(begin.server),
          end.client.minus(begin.client),
          cores,
          coreNames,
          threadDelta(begin.threads, end.threads),
          latency,
          byPosition,
          publisher.lateness(),
          stats.closed.get(),
          stats.errors.get(),
          stats.firstProblem(),
          clients.transport(),
          setupMillis);
    }
  }

  private static Map<String, Long> threadDelta(Map<String, Long> begin, Map<String, Long> end) {
    if (begin == null || end == null) {
      return Map.of();
    }
    Map<String, Long> delta = new java.util.HashMap<>();
    end.forEach((name, ticks) -> delta.put(name, ticks - begin.getOrDefault(name, 0L)));
    return delta;
  }

  /** Counters at one moment. */
  private record Snapshot(
      long nanos,
      long deliveries,
      long published,
      long acked,
      long skipped,
      ProcStats.CpuTicks server,
      ProcStats.CpuTicks client,
      List<ProcStats.CoreTicks> cores,
      Map<String, Long> threads) {
    static Snapshot take(Target target, LoadStats stats, PublisherClient publisher) {
      String pid = target.serverPid;
      return new Snapshot(
          System.nanoTime(),
          stats.deliveries.get(),
          publisher.published(),
          publisher.acked(),
          publisher.skipped(),
          pid == null ? null : ProcStats.cpu(pid),
          ProcStats.cpu("self"),
          ProcStats.cores(),
          pid == null ? null : ProcStats.threads(pid));
    }
  }

  interface Condition {
    boolean met();
  }

  static void await(Condition condition, long timeoutMs, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (!condition.met()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeoutMs + " ms waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  static void progress(String format, Object... args) {
    System.err.printf(java.util.Locale.ROOT, format + "%n", args);
  }
}
