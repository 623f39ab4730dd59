package io.herald.server.internal.transport;

import io.netty.channel.Channel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keeps publishers from outrunning the fan-out. Publishing only queues work on the delivery lanes,
 * so a fast publisher could grow those queues without bound; instead, a connection that publishes
 * while any lane has more than {@link #HIGH_WATER} fan-outs waiting stops being read until every
 * lane is back under half of that. Other connections are unaffected.
 */
public final class Backpressure {
  /** Fan-outs one lane may have waiting before publishing connections are paused. */
  public static final int HIGH_WATER = 1024;

  private static final long RECHECK_MICROS = 500;

  private final List<EventLoopLane> lanes;

  public Backpressure(List<EventLoopLane> lanes) {
    this.lanes = List.copyOf(lanes);
  }

  /** The longest lane queue right now; any thread. */
  public int backlog() {
    int max = 0;
    for (EventLoopLane lane : lanes) {
      max = Math.max(max, lane.backlog());
    }
    return max;
  }

  /**
   * Called on {@code channel}'s event loop after it published: pauses reading it while the lanes
   * are over the high-water mark.
   */
  public void afterPublish(Channel channel) {
    if (backlog() > HIGH_WATER && channel.config().isAutoRead()) {
      channel.config().setAutoRead(false);
      recheck(channel);
    }
  }

  private void recheck(Channel channel) {
    channel
        .eventLoop()
        .schedule(
            () -> {
              if (!channel.isActive()) {
                return;
              }
              if (backlog() <= HIGH_WATER / 2) {
                channel.config().setAutoRead(true);
              } else {
                recheck(channel);
              }
            },
            RECHECK_MICROS,
            TimeUnit.MICROSECONDS);
  }
}
