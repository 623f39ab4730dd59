package io.herald.core;

import java.time.Duration;

/**
 * How much history each channel keeps.
 *
 * @param size messages kept per channel (default 100; 0 keeps none, offsets are still assigned)
 * @param ttl how long a message is kept (default 5 minutes)
 * @param metaTtl how long a channel's epoch and position are remembered after its last message or
 *     read (default 1 hour), so a client that missed nothing recovers even after its messages
 *     expired
 */
public record HistoryOptions(int size, Duration ttl, Duration metaTtl) {
  public static final HistoryOptions DEFAULTS =
      new HistoryOptions(100, Duration.ofMinutes(5), Duration.ofHours(1));

  public HistoryOptions {
    if (size < 0) {
      throw new IllegalArgumentException("history size must be >= 0");
    }
    if (ttl.isNegative() || ttl.isZero() || metaTtl.compareTo(ttl) < 0) {
      throw new IllegalArgumentException("history ttl must be > 0 and metaTtl >= ttl");
    }
  }

  public HistoryOptions withSize(int newSize) {
    return new HistoryOptions(newSize, ttl, metaTtl);
  }

  public HistoryOptions withTtl(Duration newTtl) {
    return new HistoryOptions(size, newTtl, metaTtl.compareTo(newTtl) < 0 ? newTtl : metaTtl);
  }

  public HistoryOptions withMetaTtl(Duration newMetaTtl) {
    return new HistoryOptions(size, ttl, newMetaTtl);
  }
}
