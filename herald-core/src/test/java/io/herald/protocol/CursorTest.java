package io.herald.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CursorTest {

  @Test
  void singleChannelCursorIsTheOffset() {
    Cursor cursor = Cursor.parse("Xk2p:17", 1);

    assertThat(cursor.size()).isEqualTo(1);
    assertThat(cursor.get(0)).isEqualTo(new Offset("Xk2p", 17));
    assertThat(cursor.toString()).isEqualTo("Xk2p:17");
  }

  @Test
  void multiChannelCursorKeepsOrder() {
    Cursor cursor = Cursor.parse("Xk2p:17;a9Fq:3", 2);

    assertThat(cursor.positions()).containsExactly(new Offset("Xk2p", 17), new Offset("a9Fq", 3));
    assertThat(cursor.toString()).isEqualTo("Xk2p:17;a9Fq:3");
  }

  @Test
  void emptyElementsAreNoPosition() {
    Cursor cursor = Cursor.parse("a:1;;b:2;", 4);

    assertThat(cursor.get(0)).isEqualTo(new Offset("a", 1));
    assertThat(cursor.get(1)).isNull();
    assertThat(cursor.get(2)).isEqualTo(new Offset("b", 2));
    assertThat(cursor.get(3)).isNull();
    assertThat(cursor.toString()).isEqualTo("a:1;;b:2;");
  }

  @Test
  void nullOrEmptyTextIsNoPositionForEveryChannel() {
    assertThat(Cursor.parse(null, 3)).isEqualTo(Cursor.empty(3));
    assertThat(Cursor.parse("", 1)).isEqualTo(Cursor.empty(1));
    assertThat(Cursor.empty(3).positions()).containsExactly(null, null, null);
    assertThat(Cursor.empty(3).toString()).isEqualTo(";;");
    assertThat(Cursor.parse(";;", 3)).isEqualTo(Cursor.empty(3));
  }

  @Test
  void wrongElementCountIsInvalidOffset() {
    for (String[] c : new String[][] {{"a:1", "2"}, {"a:1;b:2", "1"}, {"a:1;b:2;", "2"}}) {
      assertThatThrownBy(() -> Cursor.parse(c[0], Integer.parseInt(c[1])))
          .isInstanceOfSatisfying(
              ProtocolException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OFFSET));
    }
  }

  @Test
  void malformedElementIsInvalidOffset() {
    assertThatThrownBy(() -> Cursor.parse("a:1;nope", 2))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OFFSET));
  }

  @Test
  void toStringRoundTrips() {
    Cursor cursor = Cursor.of(Arrays.asList(new Offset("a", 1), null, new Offset("Zz9", 400)));

    assertThat(cursor.toString()).isEqualTo("a:1;;Zz9:400");
    assertThat(Cursor.parse(cursor.toString(), 3)).isEqualTo(cursor);
    assertThat(Cursor.parse(cursor.toString(), 3).hashCode()).isEqualTo(cursor.hashCode());
  }

  @Test
  void positionsIsUnmodifiable() {
    List<Offset> positions = Cursor.parse("a:1", 1).positions();

    assertThatThrownBy(() -> positions.set(0, null))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
