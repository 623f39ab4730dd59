package io.herald.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OffsetTest {

  @Test
  void parsesEpochAndSeq() {
    Offset offset = Offset.parse("Xk2p:17");

    assertThat(offset.epoch()).isEqualTo("Xk2p");
    assertThat(offset.seq()).isEqualTo(17);
    assertThat(offset).isEqualTo(new Offset("Xk2p", 17));
  }

  @Test
  void parsesZeroSeqAndLongestEpoch() {
    assertThat(Offset.parse("a:0")).isEqualTo(new Offset("a", 0));
    assertThat(Offset.parse("0123456789abcDEF:5")).isEqualTo(new Offset("0123456789abcDEF", 5));
  }

  @Test
  void parsesLargeSeqWithoutOverflow() {
    assertThat(Offset.parse("a:922337203685477579").seq()).isEqualTo(922337203685477579L);
  }

  @Test
  void parsesLargestSeq() {
    // Long.MAX_VALUE is a valid seq for the Offset record, so its text form must parse back.
    assertThat(Offset.parse("a:9223372036854775807")).isEqualTo(new Offset("a", Long.MAX_VALUE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "a1",
        ":1",
        "a:",
        ":",
        "a-b:1",
        "a_b:1",
        "é:1",
        "a b:1",
        "0123456789abcdefg:1",
        "a:-1",
        "a:+1",
        "a:1.0",
        "a:1e3",
        "a:0x10",
        "a:1:2",
        " a:1",
        "a:1 ",
        "a: 1",
        "xa:1;",
        "a:9223372036854775808",
        "a:99999999999999999999",
        "a:00000000000000000000000000000000001"
      })
  void rejectsMalformedOffsets(String text) {
    assertThatThrownBy(() -> Offset.parse(text))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OFFSET));
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> Offset.parse(null))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OFFSET));
  }

  @Test
  void errorMessageQuotesTheInput() {
    assertThatThrownBy(() -> Offset.parse("abc"))
        .hasMessage("offset must look like EPOCH:SEQ, got 'abc'");
  }

  @Test
  void constructorValidates() {
    assertThatThrownBy(() -> new Offset("a", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Offset("", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Offset(null, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Offset("a:b", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Offset("x".repeat(17), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringRoundTrips() {
    for (Offset offset :
        new Offset[] {
          new Offset("a", 0), new Offset("Xk2p", 17), new Offset("Z9z9Z9z9Z9z9Z9z9", 123456789012L)
        }) {
      assertThat(Offset.parse(offset.toString())).isEqualTo(offset);
    }
    assertThat(new Offset("Xk2p", 17).toString()).isEqualTo("Xk2p:17");
  }

  @Test
  void coversSameEpochUpToItsSeq() {
    Offset offset = new Offset("e1", 10);

    assertThat(offset.covers(new Offset("e1", 0))).isTrue();
    assertThat(offset.covers(new Offset("e1", 9))).isTrue();
    assertThat(offset.covers(new Offset("e1", 10))).isTrue();
    assertThat(offset.covers(new Offset("e1", 11))).isFalse();
    assertThat(offset.covers(new Offset("e2", 1))).isFalse();
    assertThat(offset.covers(new Offset("E1", 5))).isFalse();
  }
}
