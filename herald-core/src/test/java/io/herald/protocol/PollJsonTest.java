package io.herald.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PollJsonTest {

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void responseWithMessages() {
    byte[] first =
        MessageJson.envelope("news", new Offset("Xk2p", 18), "update", 1L, JsonData.parse("{}"));
    byte[] second =
        MessageJson.envelope("user:42", new Offset("a9Fq", 4), "message", 2L, JsonData.NULL);

    byte[] body =
        PollJson.response(List.of(first, second), Cursor.parse("Xk2p:18;a9Fq:4", 2), true);

    assertThat(text(body))
        .isEqualTo(
            "{\"messages\":["
                + "{\"channel\":\"news\",\"offset\":\"Xk2p:18\",\"event\":\"update\",\"time\":1,"
                + "\"data\":{}},"
                + "{\"channel\":\"user:42\",\"offset\":\"a9Fq:4\",\"event\":\"message\","
                + "\"time\":2,\"data\":null}"
                + "],\"next\":\"Xk2p:18;a9Fq:4\",\"recovered\":true}");
  }

  @Test
  void emptyResponse() {
    assertThat(text(PollJson.response(List.of(), Cursor.parse("e:0", 1), false)))
        .isEqualTo("{\"messages\":[],\"next\":\"e:0\",\"recovered\":false}");
    assertThat(text(PollJson.response(List.of(), Cursor.empty(2), true)))
        .isEqualTo("{\"messages\":[],\"next\":\";\",\"recovered\":true}");
  }

  @Test
  void largeResponseGrowsBuffer() {
    byte[] envelope =
        MessageJson.envelope(
            "c", new Offset("e", 1), "m", 0L, JsonData.fromValue("x".repeat(10_000)));

    byte[] body = PollJson.response(List.of(envelope, envelope), Cursor.parse("e:1", 1), true);

    String expected =
        "{\"messages\":["
            + text(envelope)
            + ","
            + text(envelope)
            + "],\"next\":\"e:1\","
            + "\"recovered\":true}";
    assertThat(text(body)).isEqualTo(expected);
  }
}
