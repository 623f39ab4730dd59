package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.JsonData;
import io.herald.protocol.ProtocolException;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Subscribe and publish hooks and the authenticator, on every transport. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelHooksTest {
  private static Herald herald;
  private static Http http;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.authenticator(
                        handshake -> {
                          if ("bad".equals(handshake.queryParam("token"))) {
                            throw new HttpError(ErrorCode.UNAUTHORIZED, "token refused");
                          }
                          return Principal.ANONYMOUS;
                        })
                    .onSubscribe(
                        "private:*",
                        (client, channel) -> {
                          throw new ProtocolException(ErrorCode.FORBIDDEN, "private channel");
                        })
                    .onPublish(
                        "shout",
                        (client, channel, event, data) ->
                            JsonData.fromValue(data.toTree().asText().toUpperCase()))
                    .onPublish(
                        "readonly",
                        (client, channel, event, data) -> {
                          throw new ProtocolException(ErrorCode.FORBIDDEN, "read only");
                        }));
    http = new Http(herald.port());
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void subscribeHookRefusesOnEveryTransport() throws Exception {
    try (HeraldClient client = HeraldClient.connect(herald.port())) {
      JsonNode error =
          client.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"private:x\"}").next();
      assertThat(error.get("code").asText()).isEqualTo("forbidden");
      assertThat(error.get("id").asLong()).isEqualTo(1);
      assertThat(client.subscribe("public").get("type").asText()).isEqualTo("subscribed");
    }
    try (SseReader sse = SseReader.open(herald.port(), "/sse?channel=private:x")) {
      assertThat(sse.status()).isEqualTo(403);
      assertThat(sse.body()).contains("\"error\":\"forbidden\"");
    }
    HttpResponse<String> poll = http.get("/poll?channel=private:x");
    assertThat(poll.statusCode()).isEqualTo(403);
    assertThat(herald.engine().subscriberCount("private:x")).isZero();
  }

  @Test
  void publishHookTransformsOrRefuses() throws Exception {
    try (HeraldClient client = HeraldClient.connect(herald.port())) {
      client.subscribe("shout");
      client.publish("shout", "m", "\"quiet\"");
      assertThat(client.next("message").get("data").asText()).isEqualTo("QUIET");
      JsonNode refused =
          client.send("{\"op\":\"publish\",\"id\":5,\"channel\":\"readonly\",\"data\":1}").next();
      assertThat(refused.get("code").asText()).isEqualTo("forbidden");
      assertThat(refused.get("message").asText()).isEqualTo("read only");
    }
  }

  @Test
  void authenticatorRefusesBeforeAnyUpgradeOrStream() throws Exception {
    try {
      HeraldClient.connect(herald.port(), "/herald?token=bad").close();
      throw new AssertionError("the upgrade should have been refused");
    } catch (io.herald.testing.RawWebSocket.RefusedException e) {
      assertThat(e.refusal().status()).isEqualTo(401);
      assertThat(e.refusal().body())
          .isEqualTo("{\"error\":\"unauthorized\",\"message\":\"token refused\"}");
    }
    try (SseReader sse = SseReader.open(herald.port(), "/sse?channel=a&token=bad")) {
      assertThat(sse.status()).isEqualTo(401);
    }
    assertThat(http.get("/poll?channel=a&token=bad").statusCode()).isEqualTo(401);
    assertThat(Map.of("ok", http.get("/poll?channel=a").statusCode())).containsEntry("ok", 200);
  }
}
