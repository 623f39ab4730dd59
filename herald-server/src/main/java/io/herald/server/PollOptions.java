package io.herald.server;

import java.time.Duration;

/**
 * Polling settings.
 *
 * @param maxWait the longest a long poll is held ({@code wait} is capped to it; default 30 s)
 */
public record PollOptions(Duration maxWait) {
  public static final PollOptions DEFAULTS = new PollOptions(Duration.ofSeconds(30));

  public PollOptions {
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must be >= 0");
    }
  }
}
