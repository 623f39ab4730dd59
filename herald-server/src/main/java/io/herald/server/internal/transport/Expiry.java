package io.herald.server.internal.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Runs a connection's end when its credentials expire ({@link
 * io.herald.server.Principal#expiresAt()}), on the connection's event loop.
 */
public final class Expiry {
  /** Far enough: a longer delay would overflow the loop's nanosecond deadlines. */
  private static final Duration LONGEST = Duration.ofDays(365L * 100);

  private Expiry() {}

  /**
   * Schedules {@code expire} on {@code loop} at {@code at} by the wall clock (at once when that has
   * passed). Cancel the returned timer when the connection closes first.
   */
  public static ScheduledFuture<?> schedule(EventExecutor loop, Instant at, Runnable expire) {
    Duration delay = Duration.between(Instant.now(), at);
    if (delay.isNegative()) {
      delay = Duration.ZERO;
    } else if (delay.compareTo(LONGEST) > 0) {
      delay = LONGEST;
    }
    return loop.schedule(expire, delay.toMillis(), TimeUnit.MILLISECONDS);
  }
}
