package io.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.protocol.ClientInfo;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.JsonData;
import io.herald.protocol.Offset;
import io.herald.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChannelEngineTest {
  private final ChannelEngine engine = ChannelEngine.inMemory(EngineConfig.DEFAULTS);
  private final List<RecordingLane> lanes = new ArrayList<>();

  @AfterEach
  void close() {
    engine.close();
    lanes.forEach(RecordingLane::close);
  }

  private RecordingLane lane(String name) {
    RecordingLane lane = new RecordingLane(name);
    lanes.add(lane);
    return lane;
  }

  private Message publish(String channel, Object data) throws Exception {
    return engine
        .publish(channel, "message", JsonData.fromValue(data))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private HistoryRead subscribe(String channel, Subscriber subscriber, Offset since)
      throws Exception {
    return engine
        .subscribe(channel, subscriber, since)
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private List<ClientInfo> presence(String channel) throws Exception {
    return engine.presence(channel).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void assertProtocolError(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  // --- publish ----------------------------------------------------------------------------------

  @Test
  void publishAssignsIncreasingOffsets() throws Exception {
    long before = System.currentTimeMillis();
    Message first = publish("news", 1);
    Message second = publish("news", 2);
    Message third =
        engine
            .publish("news", "update", JsonData.parse("{\"t\":3}"))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    String epoch = first.offset().epoch();
    assertThat(first.offset()).isEqualTo(new Offset(epoch, 1));
    assertThat(second.offset()).isEqualTo(new Offset(epoch, 2));
    assertThat(third.offset()).isEqualTo(new Offset(epoch, 3));
    assertThat(third.channel()).isEqualTo("news");
    assertThat(third.event()).isEqualTo("update");
    assertThat(third.data()).isEqualTo(JsonData.parse("{\"t\":3}"));
    assertThat(third.time()).isBetween(before, System.currentTimeMillis());
    assertThat(engine.publishedCount()).isEqualTo(3);
  }

  @Test
  void publishWithoutSubscribersIsKeptInHistory() throws Exception {
    Message first = publish("quiet", "a");
    Message second = publish("quiet", "b");

    HistoryRead read =
        engine
            .history("quiet", new Offset(first.offset().epoch(), 0))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    assertThat(read.messages()).containsExactly(first, second);
    assertThat(read.recovered()).isTrue();
    assertThat(engine.activeChannels()).isZero();
  }

  @Test
  void publishedCountCountsEveryChannel() throws Exception {
    assertThat(engine.publishedCount()).isZero();
    publish("a", 1);
    publish("b", 1);
    publish("a", 2);

    assertThat(engine.publishedCount()).isEqualTo(3);
  }

  @Test
  void invalidNamesFailWithProtocolException() {
    RecordingSubscriber subscriber = new RecordingSubscriber(lane("l"), null, false);

    assertProtocolError(
        () -> engine.publish("bad\"channel", "message", JsonData.NULL), ErrorCode.INVALID_CHANNEL);
    assertProtocolError(
        () -> engine.publish("", "message", JsonData.NULL), ErrorCode.INVALID_CHANNEL);
    assertProtocolError(
        () -> engine.publish("c".repeat(201), "message", JsonData.NULL), ErrorCode.INVALID_CHANNEL);
    assertProtocolError(
        () -> engine.publish("news", "herald.subscribed", JsonData.NULL), ErrorCode.INVALID_EVENT);
    assertProtocolError(
        () -> engine.publish("news", "a\nb", JsonData.NULL), ErrorCode.INVALID_EVENT);
    assertProtocolError(
        () -> engine.subscribe("a\\b", subscriber, null), ErrorCode.INVALID_CHANNEL);
    assertProtocolError(() -> engine.listen("a\nb", m -> {}), ErrorCode.INVALID_CHANNEL);
    assertProtocolError(() -> engine.presence("a\u0000"), ErrorCode.INVALID_CHANNEL);
    assertProtocolError(() -> engine.history("\"", null), ErrorCode.INVALID_CHANNEL);

    assertThat(engine.publishedCount()).isZero();
    assertThat(engine.activeChannels()).isZero();
  }

  // --- delivery ---------------------------------------------------------------------------------

  @Test
  void subscriberGetsEveryMessageOnceInOrderUnderConcurrentPublishing() throws Exception {
    RecordingLane laneA = lane("a");
    RecordingLane laneB = lane("b");
    RecordingSubscriber first = new RecordingSubscriber(laneA, null, false);
    RecordingSubscriber second = new RecordingSubscriber(laneB, null, false);
    subscribe("busy", first, null);
    subscribe("busy", second, null);
    int threads = 4;
    int perThread = 250;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService publishers = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            publishers.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    publish("busy", thread * 1000 + i);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      publishers.shutdownNow();
    }
    laneA.sync();
    laneB.sync();

    int total = threads * perThread;
    for (RecordingSubscriber subscriber : List.of(first, second)) {
      List<Message> messages = subscriber.messages();
      assertThat(messages).hasSize(total);
      for (int i = 0; i < total; i++) {
        assertThat(messages.get(i).offset().seq()).isEqualTo(i + 1L);
      }
      assertThat(subscriber.threads()).containsOnly(subscriber.lane.threadName);
    }
    assertThat(engine.publishedCount()).isEqualTo(total);
  }

  @Test
  void oneDeliverCallPerLanePerEvent() throws Exception {
    RecordingLane crowded = lane("crowded");
    RecordingLane single = lane("single");
    List<RecordingSubscriber> subscribers =
        List.of(
            new RecordingSubscriber(crowded, null, false),
            new RecordingSubscriber(crowded, null, false),
            new RecordingSubscriber(crowded, null, false),
            new RecordingSubscriber(single, null, false));
    for (RecordingSubscriber subscriber : subscribers) {
      subscribe("groups", subscriber, null);
    }
    assertThat(engine.subscriberCount("groups")).isEqualTo(4);

    List<Message> published = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      published.add(publish("groups", i));
    }
    crowded.sync();
    single.sync();

    assertThat(crowded.deliverCalls.get()).isEqualTo(5);
    assertThat(single.deliverCalls.get()).isEqualTo(5);
    assertThat(crowded.groupSizes).containsOnly(3);
    assertThat(single.groupSizes).containsOnly(1);
    for (RecordingSubscriber subscriber : subscribers) {
      assertThat(subscriber.messages()).containsExactlyElementsOf(published);
    }
    // Every lane released its reference, so each encoding made for the subscribers was released
    // exactly once.
    for (Message message : published) {
      assertThat(TestFormats.COUNTING.encodes(message)).isPositive();
      assertThat(TestFormats.COUNTING.releases(message))
          .hasSize(TestFormats.COUNTING.encodes(message))
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void subscribeWithSinceReturnsTheReplay() throws Exception {
    Message m1 = publish("replay", 1);
    Message m2 = publish("replay", 2);
    Message m3 = publish("replay", 3);
    RecordingLane lane = lane("l");
    RecordingSubscriber resumed = new RecordingSubscriber(lane, null, false);
    RecordingSubscriber fresh = new RecordingSubscriber(lane, null, false);

    HistoryRead replay = subscribe("replay", resumed, m1.offset());
    HistoryRead now = subscribe("replay", fresh, null);

    assertThat(replay.messages()).containsExactly(m2, m3);
    assertThat(replay.recovered()).isTrue();
    assertThat(replay.top()).isEqualTo(m3.offset());
    assertThat(now.messages()).isEmpty();
    assertThat(now.recovered()).isTrue();
    assertThat(now.top()).isEqualTo(m3.offset());

    Message m4 = publish("replay", 4);
    lane.sync();
    assertThat(resumed.messages()).containsExactly(m4);
    assertThat(fresh.messages()).containsExactly(m4);
  }

  @Test
  void subscribeWithForeignEpochIsNotRecovered() throws Exception {
    Message m1 = publish("epochs", 1);
    String foreign = m1.offset().epoch().equals("zzz") ? "yyy" : "zzz";

    HistoryRead read =
        subscribe(
            "epochs", new RecordingSubscriber(lane("l"), null, false), new Offset(foreign, 5));

    assertThat(read.recovered()).isFalse();
    assertThat(read.messages()).containsExactly(m1);
  }

  @Test
  void unsubscribeStopsDeliveryAndRetiresChannels() throws Exception {
    RecordingLane lane = lane("l");
    RecordingSubscriber a = new RecordingSubscriber(lane, null, false);
    RecordingSubscriber b = new RecordingSubscriber(lane, null, false);
    subscribe("a", a, null);
    subscribe("b", b, null);
    assertThat(engine.activeChannels()).isEqualTo(2);

    Message beforeLeaving = publish("a", 1);
    engine.unsubscribe("a", a);
    publish("a", 2);
    lane.sync();

    assertThat(a.messages()).containsExactly(beforeLeaving);
    assertThat(engine.activeChannels()).isEqualTo(1);
    assertThat(engine.subscriberCount("a")).isZero();

    engine.unsubscribe("a", a);
    engine.unsubscribe("unknown", a);
    engine.unsubscribe("b", a);
    assertThat(engine.subscriberCount("b")).isEqualTo(1);

    engine.unsubscribe("b", b);
    assertThat(engine.activeChannels()).isZero();

    subscribe("a", a, null);
    Message again = publish("a", 3);
    lane.sync();
    assertThat(engine.activeChannels()).isEqualTo(1);
    assertThat(a.messages()).containsExactly(beforeLeaving, again);
  }

  // --- presence ---------------------------------------------------------------------------------

  @Test
  void presenceListsSubscribersWithAClient() throws Exception {
    RecordingLane laneA = lane("a");
    RecordingLane laneB = lane("b");
    ClientInfo watcherInfo = new ClientInfo("watcher", null, JsonData.parse("{\"n\":1}"));
    ClientInfo adaInfo = new ClientInfo("ada-conn", "ada", null);
    RecordingSubscriber watcher = new RecordingSubscriber(laneA, watcherInfo, true);
    RecordingSubscriber ada = new RecordingSubscriber(laneB, adaInfo, false);
    RecordingSubscriber anonymous = new RecordingSubscriber(laneB, null, false);

    subscribe("room", watcher, null);
    subscribe("room", ada, null);
    subscribe("room", anonymous, null);

    assertThat(presence("room")).containsExactly(watcherInfo, adaInfo);
    assertThat(engine.subscriberCount("room")).isEqualTo(3);

    engine.unsubscribe("room", ada);
    assertThat(presence("room")).containsExactly(watcherInfo);
    Message afterLeave = publish("room", 1);
    laneA.sync();
    laneB.sync();

    assertThat(watcher.presenceChanges())
        .containsSubsequence(
            new PresenceChange("room", true, adaInfo), new PresenceChange("room", false, adaInfo));
    assertThat(watcher.presenceChanges()).filteredOn(c -> c.client().equals(adaInfo)).hasSize(2);
    assertThat(watcher.messages()).containsExactly(afterLeave);
    assertThat(ada.presenceChanges()).isEmpty();
    assertThat(anonymous.presenceChanges()).isEmpty();
    assertThat(ada.messages()).isEmpty();
    assertThat(anonymous.messages()).containsExactly(afterLeave);

    engine.unsubscribe("room", watcher);
    engine.unsubscribe("room", anonymous);
    assertThat(presence("room")).isEmpty();
    assertThat(engine.activeChannels()).isZero();
  }

  @Test
  void presenceEventsGoOnlyToWatchersOfThatChannel() throws Exception {
    RecordingLane lane = lane("l");
    RecordingSubscriber watcherHere =
        new RecordingSubscriber(lane, new ClientInfo("w1", null, null), true);
    RecordingSubscriber watcherElsewhere =
        new RecordingSubscriber(lane, new ClientInfo("w2", null, null), true);
    subscribe("here", watcherHere, null);
    subscribe("elsewhere", watcherElsewhere, null);
    ClientInfo joinerInfo = new ClientInfo("joiner", "u", null);
    RecordingSubscriber joiner = new RecordingSubscriber(lane, joinerInfo, false);

    subscribe("here", joiner, null);
    lane.sync();

    assertThat(watcherHere.presenceChanges())
        .contains(new PresenceChange("here", true, joinerInfo));
    assertThat(watcherElsewhere.presenceChanges()).noneMatch(c -> c.client().equals(joinerInfo));
  }

  @Test
  void anonymousSubscribersCauseNoPresenceEvents() throws Exception {
    RecordingLane lane = lane("l");
    RecordingSubscriber watcher =
        new RecordingSubscriber(lane, new ClientInfo("w", null, null), true);
    subscribe("anon", watcher, null);
    lane.sync();
    int before = watcher.presenceChanges().size();

    RecordingSubscriber anonymous = new RecordingSubscriber(lane, null, true);
    subscribe("anon", anonymous, null);
    engine.unsubscribe("anon", anonymous);
    lane.sync();

    assertThat(watcher.presenceChanges()).hasSize(before);
    assertThat(presence("anon")).extracting(ClientInfo::client).containsExactly("w");
  }

  // --- listen -----------------------------------------------------------------------------------

  @Test
  void listenDeliversInOrderUntilClosed() throws Exception {
    List<Message> received = new CopyOnWriteArrayList<>();
    List<Boolean> virtual = new CopyOnWriteArrayList<>();
    CountDownLatch firstThree = new CountDownLatch(3);
    CountDownLatch late = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    AutoCloseable handle =
        engine.listen(
            "feed",
            message -> {
              if (calls.incrementAndGet() > 3) {
                late.countDown();
              }
              virtual.add(Thread.currentThread().isVirtual());
              received.add(message);
              firstThree.countDown();
            });
    assertThat(engine.subscriberCount("feed")).isEqualTo(1);
    assertThat(presence("feed")).isEmpty();

    List<Message> published = List.of(publish("feed", 1), publish("feed", 2), publish("feed", 3));
    assertThat(firstThree.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(received).containsExactlyElementsOf(published);
    assertThat(virtual).containsOnly(true);

    handle.close();
    assertThat(engine.subscriberCount("feed")).isZero();
    assertThat(engine.activeChannels()).isZero();
    publish("feed", 4);
    publish("feed", 5);

    assertThat(late.await(200, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(received).containsExactlyElementsOf(published);
  }

  @Test
  void listenerThatThrowsKeepsReceiving() throws Exception {
    List<Object> received = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch two = new CountDownLatch(2);
    try (AutoCloseable handle =
        engine.listen(
            "flaky",
            message -> {
              received.add(message.data().toString());
              two.countDown();
              if (received.size() == 1) {
                throw new Exception("first one fails");
              }
            })) {
      publish("flaky", "one");
      publish("flaky", "two");

      assertThat(two.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(received).containsExactly("\"one\"", "\"two\"");
    }
  }

  @Test
  void listenersAreIndependentOfEachOther() throws Exception {
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch releaseSlow = new CountDownLatch(1);
    CountDownLatch fastGotBoth = new CountDownLatch(2);
    try (AutoCloseable slow =
            engine.listen(
                "shared",
                m -> {
                  slowStarted.countDown();
                  releaseSlow.await();
                });
        AutoCloseable fast = engine.listen("shared", m -> fastGotBoth.countDown())) {
      publish("shared", 1);
      publish("shared", 2);

      assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(fastGotBoth.await(10, TimeUnit.SECONDS)).isTrue();
      releaseSlow.countDown();
    }
  }

  // --- test doubles -----------------------------------------------------------------------------

  /** A lane that delivers on one thread of its own and counts the calls it gets. */
  static final class RecordingLane implements DeliveryLane, AutoCloseable {
    final String threadName;
    final ExecutorService executor;
    final AtomicInteger deliverCalls = new AtomicInteger();
    final List<Integer> groupSizes = new CopyOnWriteArrayList<>();

    RecordingLane(String name) {
      this.threadName = "test-lane-" + name + "-" + System.identityHashCode(this);
      this.executor = Executors.newSingleThreadExecutor(r -> new Thread(r, threadName));
    }

    @Override
    public void deliver(Fanout fanout, Subscriber[] subscribers) {
      deliverCalls.incrementAndGet();
      groupSizes.add(subscribers.length);
      Subscriber[] group = subscribers.clone();
      executor.execute(
          () -> {
            try {
              for (Subscriber subscriber : group) {
                subscriber.deliver(fanout);
              }
            } finally {
              fanout.release();
            }
          });
    }

    /** Waits until everything handed to this lane so far has been delivered. */
    void sync() throws Exception {
      CompletableFuture.runAsync(() -> {}, executor).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  /** Records what its lane delivers; encodes every event in the counting test format. */
  static final class RecordingSubscriber implements Subscriber {
    final RecordingLane lane;
    private final ClientInfo client;
    private final boolean presenceEvents;
    private final List<ChannelEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> threads = Collections.synchronizedList(new ArrayList<>());

    RecordingSubscriber(RecordingLane lane, ClientInfo client, boolean presenceEvents) {
      this.lane = lane;
      this.client = client;
      this.presenceEvents = presenceEvents;
    }

    @Override
    public DeliveryLane lane() {
      return lane;
    }

    @Override
    public ClientInfo client() {
      return client;
    }

    @Override
    public boolean presenceEvents() {
      return presenceEvents;
    }

    @Override
    public void deliver(Fanout fanout) {
      assertThat(fanout.encoded(TestFormats.COUNTING)).isNotNull();
      threads.add(Thread.currentThread().getName());
      events.add(fanout.event());
    }

    List<Message> messages() {
      synchronized (events) {
        return events.stream().filter(Message.class::isInstance).map(Message.class::cast).toList();
      }
    }

    List<PresenceChange> presenceChanges() {
      synchronized (events) {
        return events.stream()
            .filter(PresenceChange.class::isInstance)
            .map(PresenceChange.class::cast)
            .toList();
      }
    }

    List<String> threads() {
      synchronized (threads) {
        return List.copyOf(threads);
      }
    }
  }
}
