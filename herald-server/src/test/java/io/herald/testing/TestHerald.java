package io.herald.testing;

import io.herald.server.ChannelRule;
import io.herald.server.ChannelRules;
import io.herald.server.Herald;
import io.herald.server.HeraldBuilder;
import io.herald.server.HeraldConfig;
import io.herald.server.LimitOptions;
import io.herald.server.ServerOptions;
import java.util.function.UnaryOperator;

/** Starting a server for a test: loopback, a free port, short shutdown. */
public final class TestHerald {
  /**
   * The defaults, bound to 127.0.0.1 on a free port with a 2 s shutdown timeout, without rate
   * limits (tests open many connections from one address and publish in bursts; the limits have
   * their own tests); only the built-in channel rules apply (clients publish nowhere).
   */
  public static final HeraldConfig STRICT =
      HeraldConfig.DEFAULTS
          .withServer(
              ServerOptions.DEFAULTS
                  .withHost("127.0.0.1")
                  .withPort(0)
                  .withShutdownTimeout(java.time.Duration.ofSeconds(2)))
          .withLimits(LimitOptions.DEFAULTS.withoutRateLimits());

  /**
   * {@link #STRICT} with one channel rule letting anyone do anything on any channel, for tests of
   * other features that publish from clients.
   */
  public static final HeraldConfig CONFIG =
      STRICT.withChannels(ChannelRules.of(ChannelRule.of("*", "anyone")));

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
