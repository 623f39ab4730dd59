package io.herald.server.internal.limits;

/**
 * A token bucket: holds up to {@code burst} tokens, gains {@code rate} per second, and each event
 * takes one. Not thread-safe: the owner confines it to one thread or guards it.
 */
final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long updated;

  TokenBucket(int rate, int burst, long now) {
    this.ratePerNano = rate / NANOS_PER_SECOND;
    this.burst = burst;
    this.tokens = burst;
    this.updated = now;
  }

  /** Takes a token if one is there. */
  boolean take(long now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Whether the bucket is full again, so forgetting it changes nothing. */
  boolean isFull(long now) {
    refill(now);
    return tokens >= burst;
  }

  /** Whole seconds until the next token, at least 1. */
  long secondsToNextToken(long now) {
    refill(now);
    double missing = Math.max(0, 1 - tokens);
    return Math.max(1, (long) Math.ceil(missing / ratePerNano / NANOS_PER_SECOND));
  }

  private void refill(long now) {
    long elapsed = now - updated;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * ratePerNano);
      updated = now;
    }
  }
}
