package io.herald.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.core.Await;
import io.herald.core.Extras;
import io.herald.core.HistoryOptions;
import io.herald.core.HistoryRead;
import io.herald.core.Message;
import io.herald.core.TestClock;
import io.herald.protocol.JsonData;
import io.herald.protocol.Offset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InMemoryHistoryTest {
  private static final String CHANNEL = "news";

  private final TestClock clock = new TestClock(1_763_900_000_000L);
  private InMemoryHistory history;

  private InMemoryHistory history(HistoryOptions options) {
    history = new InMemoryHistory(options, clock);
    return history;
  }

  @AfterEach
  void close() {
    if (history != null) {
      history.close();
    }
  }

  private static Message append(InMemoryHistory history, String channel, int n) {
    return history
        .append(channel, "message", JsonData.fromValue(n), Extras.NONE, 1000L + n)
        .toCompletableFuture()
        .join();
  }

  private static List<Message> appendAll(InMemoryHistory history, int count) {
    List<Message> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(append(history, CHANNEL, i));
    }
    return out;
  }

  private static HistoryRead read(InMemoryHistory history, Offset since) {
    return history.readSince(CHANNEL, since).toCompletableFuture().join();
  }

  private static List<Long> seqs(HistoryRead read) {
    return read.messages().stream().map(m -> m.offset().seq()).toList();
  }

  @Test
  void offsetsStartAtOneAndRise() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS);

    List<Message> messages = appendAll(history, 3);

    String epoch = messages.get(0).offset().epoch();
    assertThat(messages)
        .extracting(Message::offset)
        .containsExactly(new Offset(epoch, 1), new Offset(epoch, 2), new Offset(epoch, 3));
    assertThat(epoch).matches("[A-Za-z0-9]{1,16}");
    Message first = messages.get(0);
    assertThat(first.channel()).isEqualTo(CHANNEL);
    assertThat(first.event()).isEqualTo("message");
    assertThat(first.data()).isEqualTo(JsonData.fromValue(1));
    assertThat(first.time()).isEqualTo(1001L);
  }

  @Test
  void channelsHaveIndependentOffsets() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS);

    append(history, "a", 1);
    append(history, "a", 2);
    Message b = append(history, "b", 1);

    assertThat(b.offset().seq()).isEqualTo(1);
    assertThat(history.channelCount()).isEqualTo(2);
  }

  @Test
  void readWithoutSinceGivesTopAndNoMessages() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS);
    List<Message> messages = appendAll(history, 2);

    HistoryRead read = read(history, null);

    assertThat(read.messages()).isEmpty();
    assertThat(read.top()).isEqualTo(messages.get(1).offset());
    assertThat(read.recovered()).isTrue();
  }

  @Test
  void readingAnEmptyChannelGivesItAnEpochThatAppendsKeep() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS);

    HistoryRead read = read(history, null);
    Message first = append(history, CHANNEL, 1);

    assertThat(read.top().seq()).isZero();
    assertThat(read.messages()).isEmpty();
    assertThat(read.recovered()).isTrue();
    assertThat(first.offset()).isEqualTo(new Offset(read.top().epoch(), 1));
  }

  @Test
  void resumeInSameEpochGivesExactlyTheLaterMessages() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS);
    List<Message> messages = appendAll(history, 5);

    HistoryRead read = read(history, messages.get(1).offset());

    assertThat(read.messages()).containsExactlyElementsOf(messages.subList(2, 5));
    assertThat(read.top()).isEqualTo(messages.get(4).offset());
    assertThat(read.recovered()).isTrue();
    assertThat(read.start()).isEqualTo(messages.get(1).offset());
  }

  @Test
  void resumeFromEpochZeroGivesEverything() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS);
    List<Message> messages = appendAll(history, 3);
    String epoch = messages.get(0).offset().epoch();

    HistoryRead read = read(history, new Offset(epoch, 0));

    assertThat(read.messages()).containsExactlyElementsOf(messages);
    assertThat(read.recovered()).isTrue();
    assertThat(read.start()).isEqualTo(new Offset(epoch, 0));
  }

  @Test
  void resumeAtTopGivesNothingRecovered() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS);
    List<Message> messages = appendAll(history, 3);

    HistoryRead read = read(history, messages.get(2).offset());

    assertThat(read.messages()).isEmpty();
    assertThat(read.recovered()).isTrue();
    assertThat(read.top()).isEqualTo(messages.get(2).offset());
    assertThat(read.start()).isEqualTo(read.top());
  }

  @Test
  void trimmingBySizeMakesAGap() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS.withSize(3));
    List<Message> messages = appendAll(history, 6);
    String epoch = messages.get(0).offset().epoch();

    HistoryRead gap = read(history, new Offset(epoch, 1));

    assertThat(gap.recovered()).isFalse();
    assertThat(seqs(gap)).containsExactly(4L, 5L, 6L);
    assertThat(gap.top()).isEqualTo(new Offset(epoch, 6));
    assertThat(gap.start()).isEqualTo(new Offset(epoch, 3));

    HistoryRead edge = read(history, new Offset(epoch, 3));
    assertThat(edge.recovered()).isTrue();
    assertThat(seqs(edge)).containsExactly(4L, 5L, 6L);
  }

  @Test
  void sizeZeroKeepsNothingButAssignsOffsets() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS.withSize(0));
    List<Message> messages = appendAll(history, 3);
    String epoch = messages.get(0).offset().epoch();

    assertThat(messages.get(2).offset()).isEqualTo(new Offset(epoch, 3));
    HistoryRead missed = read(history, new Offset(epoch, 1));
    assertThat(missed.recovered()).isFalse();
    assertThat(missed.messages()).isEmpty();
    HistoryRead atTop = read(history, new Offset(epoch, 3));
    assertThat(atTop.recovered()).isTrue();
    assertThat(atTop.messages()).isEmpty();
  }

  @Test
  void ttlExpiryLosesNeededMessages() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS.withTtl(Duration.ofSeconds(10)));
    List<Message> old = appendAll(history, 2);
    String epoch = old.get(0).offset().epoch();
    clock.advance(Duration.ofSeconds(6));
    Message fresh = append(history, CHANNEL, 3);
    clock.advance(Duration.ofSeconds(5));

    HistoryRead read = read(history, new Offset(epoch, 1));

    assertThat(read.recovered()).isFalse();
    assertThat(read.messages()).containsExactly(fresh);
    assertThat(read.top()).isEqualTo(fresh.offset());

    HistoryRead afterExpired = read(history, old.get(1).offset());
    assertThat(afterExpired.recovered()).isTrue();
    assertThat(afterExpired.messages()).containsExactly(fresh);
  }

  @Test
  void messageAtExactlyTtlIsStillKept() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS.withTtl(Duration.ofSeconds(10)));
    List<Message> messages = appendAll(history, 2);
    clock.advance(Duration.ofSeconds(10));

    HistoryRead read = read(history, new Offset(messages.get(0).offset().epoch(), 0));

    assertThat(read.recovered()).isTrue();
    assertThat(read.messages()).containsExactlyElementsOf(messages);
  }

  @Test
  void ttlExpiryWithNothingMissedStaysRecovered() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS.withTtl(Duration.ofSeconds(10)));
    List<Message> messages = appendAll(history, 3);
    String epoch = messages.get(0).offset().epoch();
    clock.advance(Duration.ofSeconds(11));

    HistoryRead atTop = read(history, messages.get(2).offset());
    assertThat(atTop.recovered()).isTrue();
    assertThat(atTop.messages()).isEmpty();
    assertThat(atTop.top()).isEqualTo(new Offset(epoch, 3));

    HistoryRead behind = read(history, messages.get(1).offset());
    assertThat(behind.recovered()).isFalse();
    assertThat(behind.messages()).isEmpty();
  }

  @Test
  void metaTtlExpiryStartsANewEpoch() {
    // ttl 400 ms makes the sweeper run every 100 ms (real time); it reads the test clock.
    InMemoryHistory history =
        history(new HistoryOptions(100, Duration.ofMillis(400), Duration.ofSeconds(1)));
    List<Message> messages = appendAll(history, 2);
    Offset last = messages.get(1).offset();
    clock.advance(Duration.ofSeconds(2));

    Await.until("the sweeper forgets the channel", () -> history.channelCount() == 0);
    HistoryRead read = read(history, last);

    assertThat(read.top().epoch()).isNotEqualTo(last.epoch());
    assertThat(read.top().seq()).isZero();
    assertThat(read.recovered()).isFalse();
    assertThat(read.messages()).isEmpty();
    Message next = append(history, CHANNEL, 3);
    assertThat(next.offset()).isEqualTo(new Offset(read.top().epoch(), 1));
  }

  @Test
  void recentReadKeepsTheEpochAlive() {
    InMemoryHistory history =
        history(new HistoryOptions(100, Duration.ofMillis(400), Duration.ofSeconds(1)));
    Message first = append(history, CHANNEL, 1);
    append(history, "probe", 1);
    clock.advance(Duration.ofMillis(900));
    read(history, null);
    clock.advance(Duration.ofMillis(900));

    // 1.8 s after both messages, 0.9 s after the read of CHANNEL: once the sweeper has forgotten
    // the untouched probe channel, it has seen CHANNEL at this time too.
    Await.until("the sweeper forgets the probe channel", () -> history.channelCount() == 1);
    HistoryRead read = read(history, first.offset());

    assertThat(read.top()).isEqualTo(first.offset());
    assertThat(read.recovered()).isTrue();
    assertThat(read.messages()).isEmpty();
  }

  @Test
  void foreignEpochIsNotRecovered() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS);
    List<Message> messages = appendAll(history, 2);
    String epoch = messages.get(0).offset().epoch();
    String foreign = epoch.equals("other") ? "other2" : "other";

    HistoryRead read = read(history, new Offset(foreign, 1));

    assertThat(read.recovered()).isFalse();
    assertThat(read.messages()).containsExactlyElementsOf(messages);
    assertThat(read.top()).isEqualTo(new Offset(epoch, 2));
  }

  @Test
  void sinceBeyondTopIsNotRecovered() {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS);
    List<Message> messages = appendAll(history, 2);
    String epoch = messages.get(0).offset().epoch();

    HistoryRead read = read(history, new Offset(epoch, 3));

    assertThat(read.recovered()).isFalse();
    assertThat(read.messages()).containsExactlyElementsOf(messages);

    HistoryRead far = read(history, new Offset(epoch, Long.MAX_VALUE));
    assertThat(far.recovered()).isFalse();
  }

  @Test
  void historyReadStart() {
    Offset top = new Offset("ep", 9);
    Message m7 = new Message("c", new Offset("ep", 7), "e", JsonData.NULL, 0);
    Message m8 = new Message("c", new Offset("ep", 8), "e", JsonData.NULL, 0);

    assertThat(new HistoryRead(List.of(), top, true).start()).isEqualTo(top);
    assertThat(new HistoryRead(List.of(m7, m8), top, true).start()).isEqualTo(new Offset("ep", 6));
    Message m1 = new Message("c", new Offset("ep", 1), "e", JsonData.NULL, 0);
    assertThat(new HistoryRead(List.of(m1), top, false).start()).isEqualTo(new Offset("ep", 0));
  }

  @Test
  void historyReadCopiesMessages() {
    List<Message> list = new ArrayList<>();
    list.add(new Message("c", new Offset("ep", 1), "e", JsonData.NULL, 0));
    HistoryRead read = new HistoryRead(list, new Offset("ep", 1), true);
    list.clear();

    assertThat(read.messages()).hasSize(1);
  }

  @Test
  void concurrentAppendsGetUniqueConsecutiveSeqs() throws Exception {
    InMemoryHistory history = history(HistoryOptions.DEFAULTS);
    int threads = 8;
    int perThread = 500;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Offset>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Offset> mine = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    mine.add(append(history, CHANNEL, i).offset());
                  }
                  return mine;
                }));
      }
      start.countDown();
      List<Long> all = new ArrayList<>();
      Set<String> epochs = new HashSet<>();
      for (Future<List<Offset>> result : results) {
        List<Offset> mine = result.get(20, TimeUnit.SECONDS);
        for (int i = 1; i < mine.size(); i++) {
          assertThat(mine.get(i).seq()).isGreaterThan(mine.get(i - 1).seq());
        }
        mine.forEach(o -> all.add(o.seq()));
        mine.forEach(o -> epochs.add(o.epoch()));
      }

      int total = threads * perThread;
      assertThat(all)
          .hasSize(total)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
      assertThat(epochs).hasSize(1);
      assertThat(read(history, null).top().seq()).isEqualTo(total);
    } finally {
      pool.shutdownNow();
    }
  }
}
