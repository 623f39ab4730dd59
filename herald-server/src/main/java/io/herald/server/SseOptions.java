package io.herald.server;

import java.time.Duration;

/**
 * Server-Sent Events settings.
 *
 * @param keepAlive interval of the comment line that keeps idle streams open (default 15 s)
 * @param retry the reconnect delay suggested to browsers with {@code retry:} (default 2 s)
 */
public record SseOptions(Duration keepAlive, Duration retry) {
  public static final SseOptions DEFAULTS =
      new SseOptions(Duration.ofSeconds(15), Duration.ofSeconds(2));

  public SseOptions {
    if (keepAlive.toMillis() < 10 || retry.isNegative()) {
      throw new IllegalArgumentException("keepAlive must be >= 10 ms and retry >= 0");
    }
  }

  public SseOptions withKeepAlive(Duration value) {
    return new SseOptions(value, retry);
  }
}
