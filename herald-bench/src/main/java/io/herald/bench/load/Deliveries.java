package io.herald.bench.load;

import io.herald.bench.client.Json;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Recorder;

/**
 * What one subscriber connection received, whatever its protocol: it counts deliveries within a
 * socket read and adds them to {@link LoadStats#deliveries} once per read; a sampled subscriber
 * also reads the publish time {@code "t"} of each delivery and records its latency. Allocates
 * nothing per delivery. Confined to the connection's event loop.
 */
final class Deliveries {
  private static final byte[] T_KEY = "{\"t\":".getBytes(StandardCharsets.US_ASCII);

  private final LoadStats stats;
  private final boolean sampled;
  private final Recorder positionLatency;
  private final Runnable afterDeliveries;
  private long pending;

  /**
   * @param sampled whether to record the latency of every delivery
   * @param tenth which tenth of the subscribers (in subscription order) this one is in, for {@link
   *     LoadStats#byPosition}; -1 to not record it there
   * @param afterDeliveries called after a read that brought deliveries (the windowed publisher's
   *     wake-up), or {@code null}
   */
  Deliveries(LoadStats stats, boolean sampled, int tenth, Runnable afterDeliveries) {
    this.stats = stats;
    this.sampled = sampled;
    this.positionLatency = tenth >= 0 ? stats.byPosition[tenth] : null;
    this.afterDeliveries = afterDeliveries;
  }

  /** One delivery: the frame's text is {@code length} bytes at {@code index}. */
  void received(ByteBuf buffer, int index, int length) {
    pending++;
    if (!sampled) {
      return;
    }
    long sent = Json.longAfter(buffer, index, length, T_KEY);
    if (sent >= 0) {
      long latency = Math.max(0, System.nanoTime() - sent);
      stats.latency.recordValue(latency);
      if (positionLatency != null) {
        positionLatency.recordValue(latency);
      }
    }
  }

  /** The end of a socket read: adds its deliveries to the shared count. */
  void readComplete() {
    if (pending > 0) {
      stats.deliveries.addAndGet(pending);
      pending = 0;
      if (afterDeliveries != null) {
        afterDeliveries.run();
      }
    }
  }
}
