package io.herald.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-connection message rate: one client publishing far over its rate gets {@code
 * rate_limited} error frames, then a 1008 close, while the well-behaved clients of the same server
 * keep receiving every message; application WebSocket endpoints and Socket.IO drop, then close.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageFloodTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int SUBSCRIBERS = 4;
  private static final int GOOD_MESSAGES = 40;
  private static final int FLOOD_LIMIT = 5_000;

  @Test
  void anAbusivePublisherIsLimitedWhileOthersReceiveEveryMessage() throws Exception {
    try (Herald herald =
        TestHerald.start(
            b ->
                b.config(
                    TestHerald.CONFIG.withLimits(
                        TestHerald.CONFIG.limits().withMessageRate(50, 50, 200))))) {
      List<HeraldClient> subscribers = new ArrayList<>();
      for (int i = 0; i < SUBSCRIBERS; i++) {
        HeraldClient subscriber = HeraldClient.connect(herald.port());
        subscriber.subscribe("news");
        subscribers.add(subscriber);
      }
      HeraldClient publisher = HeraldClient.connect(herald.port());
      HeraldClient abuser = HeraldClient.connect(herald.port());
      AtomicBoolean flooding = new AtomicBoolean(true);
      Thread flood =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < FLOOD_LIMIT && flooding.get(); i++) {
                        abuser.send(
                            "{\"op\":\"publish\",\"id\":"
                                + i
                                + ",\"channel\":\"news\",\"event\":\"spam\",\"data\":"
                                + i
                                + "}");
                      }
                    } catch (IOException closed) {
                      // The server closed the connection: the flood is over.
                    }
                  });
      // The abuse is under way once the first refusal comes back.
      JsonNode refusal = abuser.next("error");
      assertThat(refusal.path("code").asText()).isEqualTo("rate_limited");

      for (int n = 0; n < GOOD_MESSAGES; n++) {
        publisher.send(
            "{\"op\":\"publish\",\"id\":"
                + n
                + ",\"channel\":\"news\",\"event\":\"good\",\"data\":{\"n\":"
                + n
                + "}}");
      }
      for (int n = 0; n < GOOD_MESSAGES; n++) {
        assertThat(publisher.next().path("type").asText()).isEqualTo("ack");
      }

      int refusals = 1;
      RawWebSocket.Frame close;
      while (true) {
        RawWebSocket.Frame frame = abuser.socket().read(WAIT);
        if (frame.opcode() == RawWebSocket.CLOSE) {
          close = frame;
          break;
        }
        JsonNode reply = HeraldClient.parse(frame.text());
        if (reply.path("type").asText().equals("error")) {
          assertThat(reply.path("code").asText()).isEqualTo("rate_limited");
          refusals++;
        }
      }
      flooding.set(false);
      flood.join(WAIT);
      assertThat(close.closeCode()).isEqualTo(1008);
      assertThat(close.closeReason()).contains("rate");
      assertThat(refusals).isEqualTo(200);
      assertThat(Transports.refusals(herald, "message_rate")).isEqualTo(200);

      herald.publish("news", "end", Map.of()).toCompletableFuture().get(5, TimeUnit.SECONDS);
      for (HeraldClient subscriber : subscribers) {
        List<Integer> received = new ArrayList<>();
        while (true) {
          JsonNode message = subscriber.next("message");
          String event = message.path("event").asText();
          if (event.equals("end")) {
            break;
          }
          if (event.equals("good")) {
            received.add(message.path("data").path("n").asInt());
          }
        }
        assertThat(received).hasSize(GOOD_MESSAGES);
        for (int n = 0; n < GOOD_MESSAGES; n++) {
          assertThat(received.get(n)).isEqualTo(n);
        }
        subscriber.close();
      }
      publisher.close();
      abuser.close();
    }
  }

  @Test
  void anApplicationEndpointDropsThenCloses() throws Exception {
    try (Herald herald = Transports.start(TestHerald.CONFIG.limits().withMessageRate(5, 5, 10));
        RawWebSocket ws = RawWebSocket.connect(herald.port(), "/echo")) {
      for (int i = 0; i < 100; i++) {
        ws.sendText("m" + i);
      }
      int echoes = 0;
      RawWebSocket.Frame frame;
      while ((frame = ws.read(WAIT)).opcode() != RawWebSocket.CLOSE) {
        echoes++;
      }
      assertThat(frame.closeCode()).isEqualTo(1008);
      // Only the burst was handed to the endpoint; its echoes race the close.
      assertThat(echoes).isLessThanOrEqualTo(5);
      assertThat(Transports.refusals(herald, "message_rate")).isEqualTo(10);
    }
  }

  @Test
  void aSocketIoClientIsDisconnectedAfterDrops() throws Exception {
    try (Herald herald = Transports.start(TestHerald.CONFIG.limits().withMessageRate(5, 5, 10));
        RawWebSocket ws =
            RawWebSocket.connect(herald.port(), "/socket.io/?EIO=4&transport=websocket")) {
      assertThat(ws.readText(WAIT)).startsWith("0");
      ws.sendText("40");
      assertThat(ws.readText(WAIT)).startsWith("40");
      for (int i = 0; i < 100; i++) {
        ws.sendText("42[\"spam\"," + i + "]");
      }
      RawWebSocket.Frame close = ws.awaitClose(WAIT);
      assertThat(close.closeCode()).isEqualTo(1008);
      assertThat(close.closeReason()).contains("rate");
      assertThat(Transports.refusals(herald, "message_rate")).isEqualTo(10);
    }
  }

  @Test
  void aSocketIoSessionOverPollingEndsAfterDrops() throws Exception {
    try (Herald herald = Transports.start(TestHerald.CONFIG.limits().withMessageRate(5, 5, 10))) {
      Http http = new Http(herald.port());
      String open = http.get("/socket.io/?EIO=4&transport=polling").body();
      String sid = HeraldClient.parse(open.substring(1)).get("sid").asText();
      String session = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
      assertThat(http.post(session, "40").statusCode()).isEqualTo(200);
      assertThat(http.get(session).body()).startsWith("40");
      Transports.awaitAdmitted(herald, 1);
      StringJoiner packets = new StringJoiner("\u001e");
      for (int i = 0; i < 50; i++) {
        packets.add("42[\"spam\"," + i + "]");
      }
      assertThat(http.post(session, packets.toString()).statusCode()).isEqualTo(200);
      // The session is gone: the next poll is told the session id is unknown.
      HttpResponse<String> next = http.get(session);
      assertThat(next.statusCode()).isEqualTo(400);
      assertThat(HeraldClient.parse(next.body()).path("code").asInt()).isEqualTo(1);
      assertThat(Transports.refusals(herald, "message_rate")).isEqualTo(10);
      Transports.awaitNoneAdmitted(herald);
    }
  }
}
