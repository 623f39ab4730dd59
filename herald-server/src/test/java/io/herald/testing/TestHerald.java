package io.herald.testing;

import io.herald.server.Herald;
import io.herald.server.HeraldBuilder;
import io.herald.server.HeraldConfig;
import io.herald.server.ServerOptions;
import java.util.function.UnaryOperator;

/** Starting a server for a test: loopback, a free port, short shutdown. */
public final class TestHerald {
  /** The defaults, bound to 127.0.0.1 on a free port with a 2 s shutdown timeout. */
  public static final HeraldConfig CONFIG =
      HeraldConfig.DEFAULTS.withServer(
          ServerOptions.DEFAULTS
              .withHost("127.0.0.1")
              .withPort(0)
              .withShutdownTimeout(java.time.Duration.ofSeconds(2)));

  private TestHerald() {}

  /** A server with the test configuration. */
  public static Herald start() {
    return start(UnaryOperator.identity());
  }

  /** A server with the test configuration, customised by {@code setup}. */
  public static Herald start(UnaryOperator<HeraldBuilder> setup) {
    return setup.apply(Herald.builder().config(CONFIG)).start();
  }
}
