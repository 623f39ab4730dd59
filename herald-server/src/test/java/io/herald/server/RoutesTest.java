package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.protocol.ErrorCode;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Application routes beside Herald's endpoints, and HTTP-level bad input. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutesTest {
  record Greeting(String name) {}

  private static Herald herald;
  private static Http http;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.get("/api/hello", r -> Response.json(Map.of("hello", "world")))
                    .get(
                        "/api/users/{id}",
                        r ->
                            Response.json(
                                Map.of(
                                    "id",
                                    r.pathParam("id"),
                                    "q",
                                    String.valueOf(r.queryParam("q")))))
                    .get("/api/users/me", r -> Response.text("literal wins"))
                    .post(
                        "/api/greet",
                        r ->
                            Response.json(
                                201, Map.of("greeting", "hi " + r.bodyAs(Greeting.class).name())))
                    .put(
                        "/api/echo",
                        r ->
                            Response.bytes(r.body(), "application/octet-stream")
                                .withHeader("X-Echo", r.header("x-custom")))
                    .delete("/api/things/{id}", r -> Response.status(204))
                    .get(
                        "/api/teapot",
                        r -> {
                          throw new HttpError(418, "teapot", "I am a teapot")
                              .withHeader("Retry-After", "120");
                        })
                    .get(
                        "/api/broken",
                        r -> {
                          throw new IllegalStateException("boom");
                        })
                    .get("/api/json", r -> Response.json(r.bodyJson())));
    http = new Http(herald.port());
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void routesAnswerWithJsonHelpers() throws Exception {
    HttpResponse<String> hello = http.get("/api/hello");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.headers().firstValue("content-type")).contains("application/json");
    assertThat(hello.body()).isEqualTo("{\"hello\":\"world\"}");

    assertThat(http.get("/api/users/42?q=x").body())
        .contains("\"id\":\"42\"")
        .contains("\"q\":\"x\"");
    assertThat(http.get("/api/users/me").body()).isEqualTo("literal wins");

    HttpResponse<String> created =
        http.post("/api/greet", "{\"name\":\"Ada\"}", "Content-Type", "application/json");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).isEqualTo("{\"greeting\":\"hi Ada\"}");

    HttpResponse<String> echo = http.send("PUT", "/api/echo", "raw bytes", "X-Custom", "v");
    assertThat(echo.body()).isEqualTo("raw bytes");
    assertThat(echo.headers().firstValue("x-echo")).contains("v");

    assertThat(http.send("DELETE", "/api/things/1", null).statusCode()).isEqualTo(204);
  }

  @Test
  void errorsAreJson() throws Exception {
    HttpResponse<String> teapot = http.get("/api/teapot");
    assertThat(teapot.statusCode()).isEqualTo(418);
    assertThat(teapot.body()).isEqualTo("{\"error\":\"teapot\",\"message\":\"I am a teapot\"}");
    assertThat(teapot.headers().firstValue("retry-after")).hasValue("120");

    HttpResponse<String> broken = http.get("/api/broken");
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(HeraldClient.parse(broken.body()).get("error").asText()).isEqualTo("internal_error");
    assertThat(broken.body()).doesNotContain("boom");

    HttpResponse<String> badJson =
        http.post("/api/greet", "{nope", "Content-Type", "application/json");
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(HeraldClient.parse(badJson.body()).get("error").asText()).isEqualTo("invalid_json");

    HttpResponse<String> missing = http.get("/api/nothing-here");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(HeraldClient.parse(missing.body()).get("error").asText()).isEqualTo("not_found");

    HttpResponse<String> wrongMethod = http.send("PATCH", "/api/hello", "");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("allow")).contains("GET");
    assertThat(HeraldClient.parse(wrongMethod.body()).get("error").asText())
        .isEqualTo("method_not_allowed");
  }

  @Test
  void headAnswersWithoutBody() throws Exception {
    String answer = http.raw("HEAD /api/hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("content-length: 17");
    assertThat(answer).endsWith("\r\n\r\n");
  }

  @Test
  void malformedRequestsAreRefused() throws Exception {
    assertThat(http.raw("NOT HTTP AT ALL\r\n\r\n"))
        .startsWith("HTTP/1.1 400")
        .contains("\"error\":\"bad_request\"");
    String longLine = "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n";
    assertThat(http.raw(longLine)).startsWith("HTTP/1.1 414").contains("\"error\"");
    String bigHeaders = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n";
    assertThat(http.raw(bigHeaders)).startsWith("HTTP/1.1 431").contains("\"error\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"?poll?channel=x", "http://example.com/api/hello", "*", "api/hello", "%2Fapi"})
  void aTargetThatIsNotAPathIsABadRequest(String target) throws Exception {
    String answer = http.raw("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\":\"bad_request\"");
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    String answer =
        http.raw(
            "GET /api/users/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /api/hello HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /api/users/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    int first = answer.indexOf("\"id\":\"1\"");
    int second = answer.indexOf("\"hello\"");
    int third = answer.indexOf("\"id\":\"2\"");
    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
  }

  @Test
  void heraldPathsCannotBeTaken() {
    assertThatThrownBy(() -> Herald.builder().get("/sse", r -> null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> Herald.builder().websocket("/herald", WebSocketEndpoint.builder().build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Herald.builder().get("/a", r -> null).get("/a", r -> null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new HttpError(ErrorCode.FORBIDDEN, "no").status()).isEqualTo(403);
  }
}
