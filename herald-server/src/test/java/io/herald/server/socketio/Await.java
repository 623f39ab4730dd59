package io.herald.server.socketio;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Bounded waits for the Socket.IO and Engine.IO tests: at most 5 s, polled every 10 ms. */
final class Await {
  static final Duration WAIT = Duration.ofSeconds(5);

  private Await() {}

  static ConditionFactory await() {
    return Awaitility.await()
        .atMost(WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10));
  }
}
