package io.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.core.TestFormats.Encoded;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.JsonData;
import io.herald.protocol.Offset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FanoutTest {
  private static final TestFormats.CountingFormat COUNTING = TestFormats.COUNTING;
  private static final TestFormats.CountingFormat MESSAGES_ONLY = TestFormats.MESSAGES_ONLY;

  private static Message message(String channel) {
    return new Message(channel, new Offset("ep", 1), "message", JsonData.parse("{\"n\":1}"), 7L);
  }

  private static PresenceChange presence(String channel) {
    return new PresenceChange(channel, true, new ClientInfo("c1", null, null));
  }

  @Test
  void encodesOnceAndSharesTheEncoding() {
    Message event = message("fanout-once");
    Fanout fanout = new Fanout(event, 1);

    Encoded first = fanout.encoded(COUNTING);
    Encoded second = fanout.encoded(COUNTING);

    assertThat(first).isNotNull().isSameAs(second);
    assertThat(first.event()).isSameAs(event);
    assertThat(COUNTING.encodes(event)).isEqualTo(1);
    assertThat(fanout.event()).isSameAs(event);
  }

  @Test
  void concurrentLanesEncodeOnce() throws Exception {
    Message event = message("fanout-concurrent");
    // Every encode counts the gate down and waits for it: with a single encode the wait times
    // out after 1 s; if both lanes were inside encode at once, both would be let through.
    COUNTING.gate(event, new CountDownLatch(2));
    Fanout fanout = new Fanout(event, 2);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService lanes = Executors.newFixedThreadPool(2);
    try {
      Future<Encoded> a =
          lanes.submit(
              () -> {
                start.await();
                return fanout.encoded(COUNTING);
              });
      Future<Encoded> b =
          lanes.submit(
              () -> {
                start.await();
                return fanout.encoded(COUNTING);
              });
      start.countDown();
      Encoded fromA = a.get(10, TimeUnit.SECONDS);
      Encoded fromB = b.get(10, TimeUnit.SECONDS);

      assertThat(fromA).isNotNull().isSameAs(fromB);
      assertThat(COUNTING.encodes(event)).as("encode calls for one event").isEqualTo(1);

      fanout.release();
      fanout.release();
      assertThat(COUNTING.releases(event)).containsOnlyOnce(fromA);
      assertThat(COUNTING.releases(event)).hasSize(COUNTING.encodes(event));
    } finally {
      lanes.shutdownNow();
    }
  }

  @Test
  void releasesEachEncodingOnceWhenTheLastReferenceGoes() {
    Message event = message("fanout-release");
    Fanout fanout = new Fanout(event, 3);
    Encoded counted = fanout.encoded(COUNTING);
    Encoded messagesOnly = fanout.encoded(MESSAGES_ONLY);

    fanout.release();
    fanout.release();
    assertThat(COUNTING.releases(event)).isEmpty();
    assertThat(MESSAGES_ONLY.releases(event)).isEmpty();

    fanout.release();
    assertThat(COUNTING.releases(event)).containsExactly(counted);
    assertThat(MESSAGES_ONLY.releases(event)).containsExactly(messagesOnly);
  }

  @Test
  void retainDefersRelease() {
    Message event = message("fanout-retain");
    Fanout fanout = new Fanout(event, 1);
    Encoded encoded = fanout.encoded(COUNTING);

    assertThat(fanout.retain()).isSameAs(fanout);
    fanout.release();
    assertThat(COUNTING.releases(event)).isEmpty();

    fanout.release();
    assertThat(COUNTING.releases(event)).containsExactly(encoded);
  }

  @Test
  void retainAfterFinalReleaseThrows() {
    Message event = message("fanout-retain-late");
    Fanout fanout = new Fanout(event, 1);
    Encoded encoded = fanout.encoded(COUNTING);
    fanout.release();

    assertThatThrownBy(fanout::retain).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(fanout::retain).isInstanceOf(IllegalStateException.class);
    assertThat(COUNTING.releases(event)).containsExactly(encoded);
  }

  @Test
  void releasingTooOftenThrowsWithoutReleasingAgain() {
    Message event = message("fanout-overrelease");
    Fanout fanout = new Fanout(event, 1);
    Encoded encoded = fanout.encoded(COUNTING);
    fanout.release();

    assertThatThrownBy(fanout::release).isInstanceOf(IllegalStateException.class);
    assertThat(COUNTING.releases(event)).containsExactly(encoded);
  }

  @Test
  void releaseWithoutEncodingsReleasesNothing() {
    Message event = message("fanout-unused");
    Fanout fanout = new Fanout(event, 1);

    fanout.release();

    assertThat(COUNTING.encodes(event)).isZero();
    assertThat(COUNTING.releases(event)).isEmpty();
  }

  @Test
  void nullEncodingIsCachedAndNeverReleased() {
    PresenceChange event = presence("fanout-null");
    Fanout fanout = new Fanout(event, 1);

    assertThat(fanout.encoded(MESSAGES_ONLY)).isNull();
    assertThat(fanout.encoded(MESSAGES_ONLY)).isNull();
    assertThat(MESSAGES_ONLY.encodes(event)).isEqualTo(1);

    Encoded other = fanout.encoded(COUNTING);
    assertThat(other).isNotNull();

    fanout.release();
    assertThat(MESSAGES_ONLY.releases(event)).isEmpty();
    assertThat(COUNTING.releases(event)).containsExactly(other);
  }

  @Test
  void formatsHaveDistinctSlots() {
    assertThat(COUNTING.slot).isNotEqualTo(MESSAGES_ONLY.slot);
    assertThat(WireFormat.inSlot(COUNTING.slot)).isSameAs(COUNTING);
    assertThat(WireFormat.inSlot(MESSAGES_ONLY.slot)).isSameAs(MESSAGES_ONLY);
  }
}
