package io.herald.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SseFormatTest {

  private static String event(String id, String event, String data) {
    return new String(
        SseFormat.event(id, event, data.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @Test
  void eventWithIdEventAndData() {
    assertThat(event("Xk2p:16", "update", "{\"a\":1}"))
        .isEqualTo("id: Xk2p:16\nevent: update\ndata: {\"a\":1}\n\n");
  }

  @Test
  void omitsNullFields() {
    assertThat(event(null, null, "x")).isEqualTo("data: x\n\n");
    assertThat(event("a:1", null, "x")).isEqualTo("id: a:1\ndata: x\n\n");
    assertThat(event(null, "herald.join", "x")).isEqualTo("event: herald.join\ndata: x\n\n");
  }

  @Test
  void emptyIdIsWritten() {
    // An empty id resets the browser's last event id; it must still be sent.
    assertThat(event("", "e", "x")).isEqualTo("id: \nevent: e\ndata: x\n\n");
  }

  @Test
  void emptyData() {
    assertThat(event(null, null, "")).isEqualTo("data: \n\n");
  }

  @Test
  void splitsDataOnEveryKindOfLineBreak() {
    assertThat(event(null, null, "a\nb")).isEqualTo("data: a\ndata: b\n\n");
    assertThat(event(null, null, "a\r\nb")).isEqualTo("data: a\ndata: b\n\n");
    assertThat(event(null, null, "a\rb")).isEqualTo("data: a\ndata: b\n\n");
    assertThat(event(null, null, "a\n\nb")).isEqualTo("data: a\ndata: \ndata: b\n\n");
    assertThat(event(null, null, "a\r\rb")).isEqualTo("data: a\ndata: \ndata: b\n\n");
    assertThat(event(null, null, "a\n\rb")).isEqualTo("data: a\ndata: \ndata: b\n\n");
    assertThat(event("i", "e", "1\r\n2\n3\r4"))
        .isEqualTo("id: i\nevent: e\ndata: 1\ndata: 2\ndata: 3\ndata: 4\n\n");
  }

  @Test
  void trailingLineBreakBecomesEmptyDataLine() {
    assertThat(event(null, null, "a\n")).isEqualTo("data: a\ndata: \n\n");
    assertThat(event(null, null, "a\r")).isEqualTo("data: a\ndata: \n\n");
    assertThat(event(null, null, "a\r\n")).isEqualTo("data: a\ndata: \n\n");
    assertThat(event(null, null, "\n")).isEqualTo("data: \ndata: \n\n");
  }

  @Test
  void keepsUtf8Bytes() {
    byte[] out = SseFormat.event("é", "☃", "ü\nß".getBytes(StandardCharsets.UTF_8));

    assertThat(out)
        .isEqualTo("id: é\nevent: ☃\ndata: ü\ndata: ß\n\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rejectsLineBreaksInIdAndEvent() {
    byte[] data = {'x'};
    for (String bad : new String[] {"a\nb", "a\rb", "a\r\n", "\n", "a\0b"}) {
      assertThatThrownBy(() -> SseFormat.event(bad, "e", data))
          .as("id %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> SseFormat.event("i", bad, data))
          .as("event %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void retry() {
    assertThat(new String(SseFormat.retry(2000), StandardCharsets.US_ASCII))
        .isEqualTo("retry: 2000\n\n");
    assertThat(new String(SseFormat.retry(0), StandardCharsets.US_ASCII)).isEqualTo("retry: 0\n\n");
  }

  @Test
  void keepalive() {
    assertThat(SseFormat.KEEPALIVE).isEqualTo(": keepalive\n\n");
  }
}
