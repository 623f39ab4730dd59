package io.herald.server.internal.limits;

/**
 * The inbound message rate of one connection: a token bucket, and a count of the messages refused
 * over the rate in the current ten-second window. Not thread-safe: confined to the connection's
 * event loop (an Engine.IO session's home loop).
 */
public final class MessageLimiter {
  /** What to do with one inbound message. */
  public enum Verdict {
    /** Within the rate: handle it. */
    ACCEPT,
    /** Over the rate: drop it (and tell the client where the protocol can). */
    DROP,
    /** Over the rate too often: drop it and close the connection with 1008. */
    CLOSE
  }

  static final long WINDOW_NANOS = 10_000_000_000L;

  private final TokenBucket bucket;
  private final int maxDropped;
  private long windowStart;
  private int dropped;

  MessageLimiter(int rate, int burst, int maxDropped, long now) {
    this.bucket = new TokenBucket(rate, burst, now);
    this.maxDropped = maxDropped;
    this.windowStart = now;
  }

  /** Judges one inbound message arriving at {@code now} ({@link System#nanoTime()}). */
  public Verdict check(long now) {
    if (bucket.take(now)) {
      return Verdict.ACCEPT;
    }
    if (now - windowStart > WINDOW_NANOS) {
      windowStart = now;
      dropped = 0;
    }
    dropped++;
    return maxDropped > 0 && dropped >= maxDropped ? Verdict.CLOSE : Verdict.DROP;
  }

  /** The reason sent with the 1008 close. */
  public String closeReason() {
    return "too many messages over the rate limit";
  }
}
