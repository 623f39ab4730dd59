package io.herald.app;

import io.herald.server.Herald;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the demo pages watch: server metrics published to channel {@code metrics} every second (the
 * SSE dashboard) and a status summary to channel {@code status} every five seconds (the
 * long-polling status page). Runs on one daemon thread.
 */
final class DemoFeeds implements AutoCloseable {
  static final String METRICS_CHANNEL = "metrics";
  static final String STATUS_CHANNEL = "status";

  private static final Logger log = LoggerFactory.getLogger(DemoFeeds.class);

  private final Herald herald;
  private final String version;
  private final Instant started = Instant.now();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("herald-demo-feeds").factory());
  private double lastPublished;
  private double lastDelivered;
  private long lastSample = System.nanoTime();

  DemoFeeds(Herald herald, String version, Duration metricsEvery, Duration statusEvery) {
    this.herald = herald;
    this.version = version;
    lastPublished = counter("herald.messages.published");
    lastDelivered = counter("herald.messages.delivered");
    timer.scheduleAtFixedRate(
        () -> safely(this::publishMetrics), 0, metricsEvery.toMillis(), TimeUnit.MILLISECONDS);
    timer.scheduleAtFixedRate(
        () -> safely(this::publishStatus), 0, statusEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void publishMetrics() {
    long now = System.nanoTime();
    double seconds = Math.max(1e-3, (now - lastSample) / 1e9);
    double published = counter("herald.messages.published");
    double delivered = counter("herald.messages.delivered");
    MemoryUsage heap = ProcessStats.heap();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("heapUsedBytes", heap.getUsed());
    data.put("heapMaxBytes", heap.getMax());
    data.put("rssBytes", ProcessStats.rssBytes());
    data.put("cpuLoad", ProcessStats.cpuLoad());
    data.put("threads", ProcessStats.threads());
    data.put("connections", connections());
    data.put("publishedPerSecond", Math.round((published - lastPublished) / seconds));
    data.put("deliveredPerSecond", Math.round((delivered - lastDelivered) / seconds));
    data.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
    lastSample = now;
    lastPublished = published;
    lastDelivered = delivered;
    herald.publish(METRICS_CHANNEL, "metrics", data);
  }

  private void publishStatus() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
    data.put("version", version);
    Map<String, Integer> open = connections();
    data.put("connections", open.values().stream().mapToInt(Integer::intValue).sum());
    data.put("channels", herald.engine().activeChannels());
    data.put("startedAt", started.toString());
    herald.publish(STATUS_CHANNEL, "status", data);
  }

  private Map<String, Integer> connections() {
    Map<String, Integer> open = new LinkedHashMap<>();
    for (String transport : new String[] {"websocket", "sse", "poll"}) {
      open.put(transport, herald.connections(transport));
    }
    return open;
  }

  private double counter(String name) {
    MeterRegistry registry = herald.meters();
    FunctionCounter counter = registry.find(name).functionCounter();
    return counter == null ? 0 : counter.count();
  }

  private static void safely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.warn("demo feed failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
