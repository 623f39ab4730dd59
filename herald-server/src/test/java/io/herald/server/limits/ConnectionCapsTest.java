package io.herald.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The handshake rate and the connection caps refuse every transport before any upgrade or stream,
 * with the documented status, JSON body and {@code Retry-After}, and every place taken is given
 * back when its connection ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionCapsTest {
  private static final String HOLD = "/sse?channel=hold";
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void perAddressCapRefusesEveryTransport() throws Exception {
    try (Herald herald = Transports.start(TestHerald.CONFIG.limits().withConnectionCaps(2, 0, 0))) {
      List<SseReader> held = hold(herald, HOLD, 2);
      for (Transports.Attempt attempt : Transports.ALL) {
        Transports.Answer answer = attempt.send(herald.port(), "x=1");
        assertRefused(attempt, answer, 429, "too_many_connections");
        assertThat(answer.headers()).doesNotContainKey("retry-after");
      }
      assertThat(Transports.refusals(herald, "connections_per_ip"))
          .isEqualTo(Transports.ALL.size());
      assertThat(Transports.admitted(herald)).isEqualTo(2);
      release(held);
      Transports.awaitNoneAdmitted(herald);
      // The places are free again.
      release(hold(herald, HOLD, 2));
      Transports.awaitNoneAdmitted(herald);
    }
  }

  @Test
  void perUserCapRefusesEveryTransportForThatUserOnly() throws Exception {
    try (Herald herald = Transports.start(TestHerald.CONFIG.limits().withConnectionCaps(0, 2, 0))) {
      List<SseReader> held = hold(herald, HOLD + "&user=alice", 2);
      for (Transports.Attempt attempt : Transports.ALL) {
        Transports.Answer answer = attempt.send(herald.port(), "user=alice");
        assertRefused(attempt, answer, 429, "too_many_connections");
      }
      assertThat(Transports.refusals(herald, "connections_per_user"))
          .isEqualTo(Transports.ALL.size());
      held.addAll(hold(herald, HOLD + "&user=bob", 2));
      held.addAll(hold(herald, HOLD, 3));
      assertThat(Transports.admitted(herald)).isEqualTo(7);
      release(held);
      Transports.awaitNoneAdmitted(herald);
      release(hold(herald, HOLD + "&user=alice", 2));
      Transports.awaitNoneAdmitted(herald);
    }
  }

  @Test
  void perUserCapAppliesToTheUserASocketIoConnectNames() throws Exception {
    try (Herald herald = Transports.start(TestHerald.CONFIG.limits().withConnectionCaps(0, 1, 0));
        RawWebSocket first = socketIo(herald);
        RawWebSocket second = socketIo(herald)) {
      first.sendText("40{\"user\":\"carol\"}");
      assertThat(first.readText(WAIT)).startsWith("40{\"sid\"");
      second.sendText("40{\"user\":\"carol\"}");
      String refused = second.readText(WAIT);
      assertThat(refused).startsWith("44");
      JsonNode error = HeraldClient.parse(refused.substring(2));
      assertThat(error.path("data").path("code").asText()).isEqualTo("too_many_connections");
      assertThat(error.path("data").path("status").asInt()).isEqualTo(429);
      assertThat(Transports.refusals(herald, "connections_per_user")).isEqualTo(1);
      first.close();
      second.close();
      Transports.awaitNoneAdmitted(herald);
      try (RawWebSocket third = socketIo(herald)) {
        third.sendText("40{\"user\":\"carol\"}");
        assertThat(third.readText(WAIT)).startsWith("40{\"sid\"");
      }
    }
  }

  private static RawWebSocket socketIo(Herald herald) throws Exception {
    RawWebSocket ws = RawWebSocket.connect(herald.port(), "/socket.io/?EIO=4&transport=websocket");
    assertThat(ws.readText(WAIT)).startsWith("0");
    return ws;
  }

  @Test
  void globalCapAnswers503WithRetryAfterOnEveryTransport() throws Exception {
    try (Herald herald = Transports.start(TestHerald.CONFIG.limits().withConnectionCaps(0, 0, 2))) {
      List<SseReader> held = hold(herald, HOLD, 2);
      for (Transports.Attempt attempt : Transports.ALL) {
        Transports.Answer answer = attempt.send(herald.port(), "x=1");
        assertRefused(attempt, answer, 503, "server_busy");
        assertThat(Long.parseLong(answer.headers().get("retry-after")))
            .as(attempt.transport())
            .isBetween(1L, 60L);
      }
      release(held);
      Transports.awaitNoneAdmitted(herald);
    }
  }

  @Test
  void handshakeRateAnswers429WithRetryAfterOnEveryTransport() throws Exception {
    try (Herald herald = Transports.start(TestHerald.CONFIG.limits().withHandshakeRate(1, 4))) {
      for (Transports.Attempt attempt : Transports.ALL) {
        Transports.Answer answer = null;
        // A token comes back every second: if one arrived between using up the burst and the
        // attempt, the attempt is admitted and the round is repeated (at most three rounds).
        for (int round = 0; round < 3 && (answer == null || answer.status() != 429); round++) {
          exhaust(herald);
          answer = attempt.send(herald.port(), "x=1");
        }
        assertRefused(attempt, answer, 429, "rate_limited");
        assertThat(Long.parseLong(answer.headers().get("retry-after")))
            .as(attempt.transport())
            .isBetween(1L, 2L);
      }
      Transports.awaitNoneAdmitted(herald);
    }
  }

  /** Polls until one is refused by the handshake rate (at most 20). */
  private static void exhaust(Herald herald) throws Exception {
    Transports.Attempt poll = Transports.ALL.get(3);
    for (int i = 0; i < 20; i++) {
      if (poll.send(herald.port(), "x=1").status() == 429) {
        return;
      }
    }
    throw new AssertionError("the handshake rate never refused a poll");
  }

  private static void assertRefused(
      Transports.Attempt attempt, Transports.Answer answer, int status, String code)
      throws Exception {
    assertThat(answer.status()).as(attempt.transport() + ": " + answer.body()).isEqualTo(status);
    assertThat(answer.headers().get("content-type")).as(attempt.transport()).contains("json");
    JsonNode body = HeraldClient.parse(answer.body());
    assertThat(body.path("error").asText()).as(attempt.transport()).isEqualTo(code);
    assertThat(body.path("message").asText()).as(attempt.transport()).isNotBlank();
  }

  private static List<SseReader> hold(Herald herald, String path, int count) throws Exception {
    List<SseReader> streams = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SseReader stream = SseReader.open(herald.port(), path);
      streams.add(stream);
      assertThat(stream.status()).isEqualTo(200);
    }
    return streams;
  }

  private static void release(List<SseReader> streams) throws Exception {
    for (SseReader stream : streams) {
      stream.close();
    }
  }
}
