package io.herald.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NamesTest {

  private static void assertInvalidChannel(String name, int max) {
    assertThatThrownBy(() -> Names.channel(name, max))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CHANNEL));
  }

  private static void assertInvalidEvent(String name, int max) {
    assertThatThrownBy(() -> Names.event(name, max))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EVENT));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"news", "user:42", "a/b/c", "x", "herald.internal", "ünïcödé ☃", "with space"})
  void acceptsValidChannels(String name) {
    assertThat(Names.channel(name, 200)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a\u0000b",
        "a\nb",
        "a\rb",
        "tab\t",
        "\u001f",
        "a\u007f",
        "a\u0085",
        "a\u009f",
        "a\"b",
        "a\\b"
      })
  void rejectsChannelsWithForbiddenCharacters(String name) {
    assertInvalidChannel(name, 200);
  }

  @Test
  void acceptsCharactersJustOutsideControlRanges() {
    assertThat(Names.channel(" \u007e\u00a0", 200)).isEqualTo(" \u007e\u00a0");
  }

  @Test
  void channelLengthLimit() {
    assertThat(Names.channel("c".repeat(200), 200)).hasSize(200);
    assertInvalidChannel("c".repeat(201), 200);
    assertThat(Names.channel("abcde", 5)).isEqualTo("abcde");
    assertInvalidChannel("abcdef", 5);
  }

  @Test
  void rejectsEmptyAndNullChannel() {
    assertInvalidChannel("", 200);
    assertInvalidChannel(null, 200);
  }

  @Test
  void channelErrorMessageNamesTheProblem() {
    assertThatThrownBy(() -> Names.channel("a\"b", 200))
        .hasMessage("channel name must not contain '\"'");
  }

  @Test
  void acceptsValidEvents() {
    assertThat(Names.event("update", 128)).isEqualTo("update");
    assertThat(Names.event("herald", 128)).isEqualTo("herald");
    assertThat(Names.event("my.herald.x", 128)).isEqualTo("my.herald.x");
    assertThat(Names.event("e".repeat(128), 128)).hasSize(128);
  }

  @Test
  void rejectsInvalidEvents() {
    assertInvalidEvent("", 128);
    assertInvalidEvent(null, 128);
    assertInvalidEvent("e".repeat(129), 128);
    assertInvalidEvent("a\nb", 128);
    assertInvalidEvent("a\u0085", 128);
    assertInvalidEvent("a\"b", 128);
    assertInvalidEvent("a\\b", 128);
  }

  @Test
  void reservedPrefixOnlyForEvents() {
    assertInvalidEvent("herald.subscribed", 128);
    assertInvalidEvent("herald.", 128);
    assertThatThrownBy(() -> Names.event("herald.join", 128)).hasMessageContaining("reserved");
    assertThat(Names.channel("herald.subscribed", 200)).isEqualTo("herald.subscribed");
  }

  @Test
  void printableReplacesControlsAndTruncates() {
    assertThat(Names.printable("a\nb\u0085c", 10)).isEqualTo("a?b?c");
    assertThat(Names.printable("abcdef", 3)).isEqualTo("abc...");
    assertThat(Names.printable("abc", 3)).isEqualTo("abc");
  }
}
