package io.herald.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.server.Herald;
import io.herald.server.HeraldConfig;
import io.herald.server.Principal;
import io.herald.server.Response;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code server.trustedProxies} over real sockets: behind a trusted proxy each forwarded client
 * counts against its own per-address cap and is what handshakes and routes see; without it the
 * header is ignored and every connection counts against the proxy's address.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrustedProxiesTest {
  /** The remote address each handshake reported, by its {@code name} query parameter. */
  private final Map<String, String> seen = new ConcurrentHashMap<>();

  private Herald start(List<String> trusted) {
    HeraldConfig config =
        TestHerald.CONFIG
            .withServer(TestHerald.CONFIG.server().withTrustedProxies(trusted))
            .withLimits(TestHerald.CONFIG.limits().withConnectionCaps(1, 0, 0));
    return Herald.builder()
        .config(config)
        .authenticator(
            handshake -> {
              seen.put(
                  handshake.queryParam("name"),
                  handshake.remoteAddress().getAddress().getHostAddress());
              return Principal.ANONYMOUS;
            })
        .get("/ip", request -> Response.text(request.remoteAddress().getAddress().getHostAddress()))
        .start();
  }

  private static RawWebSocket connect(Herald herald, String name, String forwardedFor)
      throws Exception {
    return RawWebSocket.connect(
        herald.port(), "/herald?name=" + name, Map.of("X-Forwarded-For", forwardedFor));
  }

  @Test
  void behindATrustedProxyEachClientCountsOnItsOwn() throws Exception {
    try (Herald herald = start(List.of("127.0.0.0/8"));
        RawWebSocket first = connect(herald, "first", "6.6.6.6, 198.51.100.1");
        RawWebSocket second = connect(herald, "second", "198.51.100.2")) {
      assertThat(seen)
          .containsEntry("first", "198.51.100.1")
          .containsEntry("second", "198.51.100.2");
      assertThatThrownBy(() -> connect(herald, "third", "198.51.100.1"))
          .isInstanceOfSatisfying(
              RawWebSocket.RefusedException.class,
              e -> {
                assertThat(e.refusal().status()).isEqualTo(429);
                assertThat(e.refusal().body()).contains("too_many_connections");
              });
      assertThat(
              new Http(herald.port())
                  .get("/ip", "X-Forwarded-For", "198.51.100.7, 127.0.0.1")
                  .body())
          .isEqualTo("198.51.100.7");
    }
  }

  @Test
  void withoutTrustTheHeaderIsIgnored() throws Exception {
    try (Herald herald = start(List.of());
        RawWebSocket first = connect(herald, "first", "198.51.100.1")) {
      assertThat(seen).containsEntry("first", "127.0.0.1");
      // Another forwarded address changes nothing: both are the peer 127.0.0.1, at its cap.
      assertThatThrownBy(() -> connect(herald, "second", "198.51.100.2"))
          .isInstanceOfSatisfying(
              RawWebSocket.RefusedException.class,
              e -> assertThat(e.refusal().status()).isEqualTo(429));
      assertThat(new Http(herald.port()).get("/ip", "X-Forwarded-For", "198.51.100.7").body())
          .isEqualTo("127.0.0.1");
    }
  }
}
