package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.TestHerald;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /api/publish}: the key, the body, the answer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PublishApiTest {
  private static final String KEY = "test-key-0123456789";
  private static Herald herald;
  private static Http http;

  @BeforeAll
  static void start() {
    herald = TestHerald.start(b -> b.config(TestHerald.CONFIG.withApi(new ApiOptions(KEY))));
    http = new Http(herald.port());
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static HttpResponse<String> publish(String body, String... headers) throws Exception {
    return http.post("/api/publish", body, headers);
  }

  private static String error(HttpResponse<String> response) throws Exception {
    return HeraldClient.parse(response.body()).get("error").asText();
  }

  @Test
  void publishesAndAnswersWithTheOffset() throws Exception {
    String channel = "api:" + UUID.randomUUID();
    try (HeraldClient subscriber = HeraldClient.connect(herald.port())) {
      subscriber.subscribe(channel);
      HttpResponse<String> response =
          publish(
              "{\"channel\":\"" + channel + "\",\"event\":\"news\",\"data\":{\"title\":\"hello\"}}",
              "Authorization",
              "Bearer " + KEY,
              "Content-Type",
              "application/json");
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode answer = HeraldClient.parse(response.body());
      assertThat(answer.get("channel").asText()).isEqualTo(channel);
      JsonNode message = subscriber.next("message");
      assertThat(message.get("offset").asText()).isEqualTo(answer.get("offset").asText());
      assertThat(message.get("event").asText()).isEqualTo("news");
      assertThat(message.get("data").get("title").asText()).isEqualTo("hello");
    }
  }

  @Test
  void refusesWithoutTheRightKey() throws Exception {
    String body = "{\"channel\":\"a\",\"data\":1}";
    HttpResponse<String> none = publish(body, "Content-Type", "application/json");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("www-authenticate")).contains("Bearer");
    assertThat(error(none)).isEqualTo("unauthorized");
    HttpResponse<String> wrong =
        publish(body, "Authorization", "Bearer " + KEY + "x", "Content-Type", "application/json");
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> prefix =
        publish(
            body,
            "Authorization",
            "Bearer " + KEY.substring(0, 5),
            "Content-Type",
            "application/json");
    assertThat(prefix.statusCode()).isEqualTo(401);
  }

  @Test
  void rejectsBadBodies() throws Exception {
    String[][] cases = {
      {"{\"channel\":\"a\"", "application/json", "400", "invalid_json"},
      {"[1]", "application/json", "400", "invalid_json"},
      {"{\"data\":1}", "application/json", "400", "invalid_channel"},
      {"{\"channel\":\"\"}", "application/json", "400", "invalid_channel"},
      {"{\"channel\":\"a\",\"event\":\"herald.x\"}", "application/json", "400", "invalid_event"},
      {"{\"channel\":\"a\",\"colour\":1}", "application/json", "400", "invalid_parameter"},
      {"{\"channel\":\"a\"}", "text/plain", "415", "unsupported_media_type"},
    };
    for (String[] c : cases) {
      HttpResponse<String> response =
          publish(c[0], "Authorization", "Bearer " + KEY, "Content-Type", c[1]);
      assertThat(response.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[2]));
      assertThat(error(response)).as(c[0]).isEqualTo(c[3]);
    }
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    // Eight times the limit: the client is still uploading when the 413 goes out, and must
    // still read it (the server lingers instead of resetting the connection).
    String big = "{\"channel\":\"a\",\"data\":\"" + "x".repeat(8 << 20) + "\"}";
    HttpResponse<String> response =
        publish(big, "Authorization", "Bearer " + KEY, "Content-Type", "application/json");
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(error(response)).isEqualTo("message_too_large");
  }

  @Test
  void the413ReachesAClientThatIsStillSending() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", herald.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/publish HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Authorization: Bearer "
                  + KEY
                  + "\r\nContent-Length: "
                  + (8 << 20)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 << 10];
      for (int i = 0; i < 32; i++) {
        out.write(chunk);
      }
      out.flush();
      // Give a reset time to arrive: on Linux it would discard the 413 waiting to be read.
      Thread.sleep(300);
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 413").contains("\"error\":\"message_too_large\"");
    }
  }

  @Test
  void getIsNotAllowed() throws Exception {
    HttpResponse<String> response = http.get("/api/publish");
    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).contains("POST");
  }

  @Test
  void theApiIsOffWithoutAKey() throws Exception {
    try (Herald plain = TestHerald.start()) {
      HttpResponse<String> response =
          new Http(plain.port())
              .post(
                  "/api/publish",
                  "{\"channel\":\"a\"}",
                  "Authorization",
                  "Bearer whatever-key",
                  "Content-Type",
                  "application/json");
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(error(response)).isEqualTo("api_disabled");
    }
  }
}
