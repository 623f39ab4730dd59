package io.herald.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.ApiOptions;
import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The size caps on every transport they apply to: the largest message on every kind of WebSocket,
 * the longest channel name and the channels one request may name.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SizeCapsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final int MAX_MESSAGE = 1024;
  private static final int MAX_NAME = 20;
  private static final String KEY = "a-long-api-key";
  private static Herald herald;

  @BeforeAll
  static void start() {
    herald =
        Transports.start(
            TestHerald.CONFIG
                .withLimits(
                    TestHerald.CONFIG
                        .limits()
                        .withMaxChannelNameLength(MAX_NAME)
                        .withMaxChannelsPerRequest(2))
                .withServer(TestHerald.CONFIG.server().withMaxMessageSize(MAX_MESSAGE))
                .withApi(new ApiOptions(KEY)));
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void aMessageOverTheSizeCapClosesEveryKindOfWebSocketWith1009() throws Exception {
    String big = "4" + "x".repeat(MAX_MESSAGE + 1);
    for (String path :
        List.of(
            "/herald",
            "/echo",
            "/engine.io/?EIO=4&transport=websocket",
            "/socket.io/?EIO=4&transport=websocket")) {
      try (RawWebSocket ws = RawWebSocket.connect(herald.port(), path)) {
        ws.sendText(big);
        assertThat(ws.awaitClose(WAIT).closeCode()).as(path).isEqualTo(1009);
      }
    }
  }

  @Test
  void aChannelNameOverTheCapIsRefusedOnEveryTransport() throws Exception {
    String longName = "c".repeat(MAX_NAME + 1);
    String okName = "c".repeat(MAX_NAME);
    try (HeraldClient client = HeraldClient.connect(herald.port())) {
      client.send("{\"op\":\"subscribe\",\"id\":1,\"channel\":\"" + longName + "\"}");
      assertThat(client.next("error").path("code").asText()).isEqualTo("invalid_channel");
      client.send("{\"op\":\"publish\",\"id\":2,\"channel\":\"" + longName + "\",\"event\":\"e\"}");
      assertThat(client.next("error").path("code").asText()).isEqualTo("invalid_channel");
      assertThat(client.subscribe(okName).path("channel").asText()).isEqualTo(okName);
    }
    Http http = new Http(herald.port());
    assertRefused(http.get("/sse?channel=" + longName), 400, "invalid_channel");
    assertRefused(http.get("/poll?channel=" + longName + "&wait=0"), 400, "invalid_channel");
    assertRefused(
        http.post(
            "/api/publish",
            "{\"channel\":\"" + longName + "\",\"data\":1}",
            "Content-Type",
            "application/json",
            "Authorization",
            "Bearer " + KEY),
        400,
        "invalid_channel");
    assertThat(http.get("/poll?channel=" + okName + "&wait=0").statusCode()).isEqualTo(200);
  }

  @Test
  void aRequestNamingTooManyChannelsIsRefused() throws Exception {
    Http http = new Http(herald.port());
    String three = "channel=a&channel=b&channel=c";
    assertRefused(http.get("/sse?" + three), 400, "too_many_channels");
    assertRefused(http.get("/poll?" + three + "&wait=0"), 400, "too_many_channels");
  }

  private static void assertRefused(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = HeraldClient.parse(response.body());
    assertThat(body.path("error").asText()).isEqualTo(code);
  }
}
