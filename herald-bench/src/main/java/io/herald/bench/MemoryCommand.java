package io.herald.bench;

import io.herald.bench.client.Clients;
import io.herald.bench.client.WsConnection;
import io.herald.bench.load.LoadStats;
import io.herald.bench.load.SubscriberClient;
import io.herald.bench.proc.Jcmd;
import io.herald.bench.proc.ProcStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Benchmark 3: server memory per idle, subscribed connection. */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    description =
        "Server RSS and live heap per idle /herald connection: measured after a warm-up, again"
            + " with N connections open and subscribed, and once more after they closed.")
final class MemoryCommand implements Callable<Integer> {
  @Mixin Target target;

  @Option(names = "--connections", defaultValue = "10000", description = "default ${DEFAULT-VALUE}")
  int connections;

  @Option(
      names = "--channels",
      defaultValue = "8",
      description =
          "connection i subscribes to channel idle-(i mod this); default ${DEFAULT-VALUE}")
  int channels;

  @Option(
      names = "--warmup-connections",
      defaultValue = "-1",
      description =
          "connections opened, subscribed and closed before the baseline, so that code is compiled"
              + " and pools have grown; default: as many as --connections")
  int warmupConnections;

  @Option(
      names = "--idle",
      defaultValue = "5",
      description =
          "seconds to leave the connections idle before measuring; default ${DEFAULT-VALUE}")
  int idleSeconds;

  @Option(
      names = "--concurrency",
      defaultValue = "500",
      description = "connections being set up at once, default ${DEFAULT-VALUE}")
  int concurrency;

  @Option(
      names = "--classes",
      defaultValue = "16",
      description = "classes to list in the live-heap breakdown; default ${DEFAULT-VALUE}")
  int classes;

  @Option(
      names = "--keep-histograms",
      paramLabel = "DIR",
      description = "save the three class histograms (baseline, loaded, closed) in DIR")
  java.nio.file.Path keepHistograms;

  @Override
  public Integer call() throws Exception {
    if (target.serverPid == null) {
      throw new IllegalArgumentException("memory needs --server-pid");
    }
    String pid = target.serverPid;
    boolean jvm = ProcStats.command(pid).equals("java");
    Jcmd jcmd = jvm ? new Jcmd(pid) : null;
    LoadStats stats = new LoadStats();
    Measurement baseline;
    Measurement loaded;
    Measurement after;
    long setupMillis;
    try (Clients clients = new Clients(target.address(), target.path, target.threads)) {
      // Warm-up: the same work as the real thing, so that classes are loaded, code is compiled
      // and pools exist before the baseline.
      List<WsConnection> warm =
          connect(clients, stats, warmupConnections < 0 ? connections : warmupConnections);
      closeAll(warm);
      FanoutRun.await(
          () -> warm.stream().noneMatch(c -> c.channel().isActive()), 30_000, "warm-up close");
      Thread.sleep(2000);
      stats.closed.set(0);
      baseline = Measurement.take(pid, jcmd, saved("baseline"));
      FanoutRun.progress("baseline: %s", baseline);

      long start = System.nanoTime();
      List<WsConnection> open = connect(clients, stats, connections);
      setupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      FanoutRun.progress(
          "%d connections subscribed in %d ms; idle %d s", connections, setupMillis, idleSeconds);
      Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
      long live = open.stream().filter(WsConnection::isOpen).count();
      if (live != connections) {
        throw new IllegalStateException(
            (connections - live) + " connections lost while idle: " + stats.firstProblem());
      }
      loaded = Measurement.take(pid, jcmd, saved("loaded"));
      FanoutRun.progress("loaded:   %s", loaded);

      stats.stopping();
      closeAll(open);
      FanoutRun.await(() -> open.stream().noneMatch(c -> c.channel().isActive()), 60_000, "close");
      Thread.sleep(3000);
      after = Measurement.take(pid, jcmd, saved("closed"));
      FanoutRun.progress("closed:   %s", after);
    }
    print(
        baseline,
        loaded,
        after,
        setupMillis,
        ProcStats.commandLine(pid).contains("-XX:+AlwaysPreTouch"));
    return 0;
  }

  private java.nio.file.Path saved(String phase) throws java.io.IOException {
    if (keepHistograms == null) {
      return null;
    }
    java.nio.file.Files.createDirectories(keepHistograms);
    return keepHistograms.resolve(target.label + "-" + phase + ".txt");
  }

  private List<WsConnection> connect(Clients clients, LoadStats stats, int count)
      throws InterruptedException {
    int before = stats.subscribed.get();
    List<WsConnection> opened =
        clients.open(
            count,
            concurrency,
            120_000,
            i -> new SubscriberClient(stats, "idle-" + (i % channels), false, null));
    FanoutRun.await(
        () -> stats.subscribed.get() - before >= count || stats.closed.get() > 0,
        120_000,
        count + " subscriptions");
    if (stats.closed.get() > 0) {
      throw new IllegalStateException("a connection failed: " + stats.firstProblem());
    }
    return opened;
  }

  private static void closeAll(List<WsConnection> connections) {
    for (WsConnection c : connections) {
      c.channel().close();
    }
  }

  private void print(
      Measurement base,
      Measurement loaded,
      Measurement after,
      long setupMillis,
      boolean pretouched) {
    Report report = new Report("herald-bench memory");
    double n = connections;
    double rss = (loaded.rss - base.rss) / n;
    report
        .line("server", target.describe())
        .line(
            "setup",
            connections
                + " connections, each subscribed to one of "
                + channels
                + " channels, idle "
                + idleSeconds
                + " s (opened in "
                + setupMillis
                + " ms)")
        .line(
            "RSS",
            mib(base.rss) + " -> " + mib(loaded.rss) + " -> " + mib(after.rss) + " (after close)")
        .line(
            "RSS per connection",
            Report.bytes(rss)
                + (base.heap < 0
                    ? ""
                    : pretouched
                        ? "   (heap pre-touched, so this is memory outside the Java heap)"
                        : "   (heap NOT pre-touched: includes heap pages first touched now)"));
    report
        .value("bench", "memory")
        .value("target", target.label)
        .value("connections", connections)
        .value("rss_per_conn", Math.round(rss));
    if (base.heap >= 0) {
      double live = (loaded.histogramTotal() - base.histogramTotal()) / n;
      report
          .line(
              "heap per connection",
              Report.bytes(live)
                  + " of live objects   (class histogram after full GC: "
                  + mib(base.histogramTotal())
                  + " -> "
                  + mib(loaded.histogramTotal())
                  + " -> "
                  + mib(after.histogramTotal())
                  + " after close)")
          .line(
              "GC.heap_info used",
              Report.bytes((loaded.heap - base.heap) / n)
                  + " per connection   ("
                  + mib(base.heap)
                  + " -> "
                  + mib(loaded.heap)
                  + " -> "
                  + mib(after.heap)
                  + "; counts TLAB fillers as used)");
      report
          .value("heap_per_conn", Math.round(live))
          .value("heap_info_per_conn", Math.round((loaded.heap - base.heap) / n));
      if (pretouched) {
        report.line("total per connection", Report.bytes(rss + live) + "   (RSS + live heap)");
        report.value("total_per_conn", Math.round(rss + live));
      }
    }
    report.line("RSS growth by mapping", "per connection, the largest:");
    loaded.mappings.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - base.mappings.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() != 0)
        .sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
        .limit(4)
        .forEach(e -> report.line("", Report.bytes(e.getValue() / n) + "  " + e.getKey()));
    if (base.heap >= 0) {
      report.line("live heap growth", "per connection, by class:");
      for (String line : topClasses(base.histogram, loaded.histogram, n)) {
        report.line("", line);
      }
      if (!loaded.nmt.isEmpty()) {
        report.line("native (NMT committed)", "per connection, categories that grew:");
        loaded.nmt.entrySet().stream()
            .map(e -> Map.entry(e.getKey(), e.getValue() - base.nmt.getOrDefault(e.getKey(), 0L)))
            .filter(e -> Math.abs(e.getValue()) >= 64 * 1024 || e.getKey().equals("Total"))
            .sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
            .forEach(e -> report.line("", e.getKey() + ": " + Report.bytes(e.getValue() / n)));
      }
    }
    report.print();
  }

  private List<String> topClasses(Map<String, long[]> base, Map<String, long[]> loaded, double n) {
    List<String> lines = new ArrayList<>();
    loaded.entrySet().stream()
        .filter(e -> !e.getKey().equals("Total") && !e.getKey().equals(FILLER))
        .map(
            e -> {
              long[] b = base.getOrDefault(e.getKey(), new long[2]);
              return Map.entry(
                  e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
            })
        .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[1]))
        .limit(classes)
        .forEach(
            e ->
                lines.add(
                    String.format(
                        java.util.Locale.ROOT,
                        "%8.1f B %6.2f objs  %s",
                        e.getValue()[1] / n,
                        e.getValue()[0] / n,
                        e.getKey())));
    return lines;
  }

  private static String mib(long bytes) {
    return Report.fixed(bytes / 1048576.0, 1) + " MiB";
  }

  /** The server's memory at one moment; the heap figures are -1 for a server that is no JVM. */
  private static final String FILLER = "[Ljdk.internal.vm.FillerElement;";

  private record Measurement(
      long rss,
      long heap,
      Map<String, long[]> histogram,
      Map<String, Long> nmt,
      Map<String, Long> mappings) {
    static Measurement take(String pid, Jcmd jcmd, java.nio.file.Path histogramFile) {
      if (jcmd == null) {
        return new Measurement(
            ProcStats.rssBytes(pid), -1, Map.of(), Map.of(), ProcStats.mappings(pid));
      }
      long heap = jcmd.heapUsedAfterFullGc();
      Map<String, long[]> histogram = jcmd.classHistogram(histogramFile);
      Map<String, Long> nmt;
      try {
        nmt = jcmd.nativeMemory();
      } catch (IllegalStateException notEnabled) {
        nmt = Map.of();
      }
      // RSS last, after the collections, with the heap in its settled state.
      return new Measurement(
          ProcStats.rssBytes(pid), heap, histogram, nmt, ProcStats.mappings(pid));
    }

    /**
     * Bytes of live objects: the histogram's total without {@code jdk.internal.vm.FillerElement}
     * arrays, which are not objects but the unused ends of allocation buffers (TLABs) that the
     * collector fills so that the heap stays parsable; Serial's full collection leaves megabytes of
     * them, which {@code GC.heap_info} counts as used.
     */
    long histogramTotal() {
      long[] total = histogram.get("Total");
      long[] filler = histogram.get(FILLER);
      return (total == null ? 0 : total[1]) - (filler == null ? 0 : filler[1]);
    }

    @Override
    public String toString() {
      return "RSS "
          + mib(rss)
          + (heap >= 0 ? ", heap " + mib(heap) + ", live " + mib(histogramTotal()) : "");
    }
  }
}
