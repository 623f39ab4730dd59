package io.herald.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static final byte[] T = "{\"t\":".getBytes(StandardCharsets.US_ASCII);

  @Test
  void readsTheTypeOfServerFrames() {
    assertThat(type("{\"type\":\"subscribed\",\"id\":1}")).isEqualTo("subscribed");
    assertThat(type("{\"id\":1,\"type\":\"ack\"}")).isEqualTo("ack");
    assertThat(type("{\"id\":1}")).isEmpty();
  }

  @Test
  void recognisesMessageFrames() {
    assertThat(isMessage("{\"type\":\"message\",\"channel\":\"a\"}")).isTrue();
    assertThat(isMessage("{\"channel\":\"a\",\"type\":\"message\"}")).isTrue();
    assertThat(isMessage("{\"type\":\"messages\",\"channel\":\"a\"}")).isFalse();
    assertThat(isMessage("{\"type\":\"connected\",\"client\":\"a\"}")).isFalse();
  }

  @Test
  void readsTheIntegerAfterAKey() {
    String frame =
        "{\"type\":\"message\",\"channel\":\"{t\",\"data\":{\"t\":1234567890123,\"pad\":\"x\"}}";
    ByteBuf buf = Unpooled.copiedBuffer("..." + frame, StandardCharsets.UTF_8);
    assertThat(Json.longAfter(buf, 3, frame.length(), T)).isEqualTo(1234567890123L);
    assertThat(Json.longAfter(buf, 3, 20, T)).isEqualTo(-1);
    buf.release();
  }

  private static String type(String json) {
    ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    try {
      return Json.type(buf, 0, buf.readableBytes());
    } finally {
      buf.release();
    }
  }

  private static boolean isMessage(String json) {
    ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    try {
      return Json.isMessage(buf, 0, buf.readableBytes());
    } finally {
      buf.release();
    }
  }
}
