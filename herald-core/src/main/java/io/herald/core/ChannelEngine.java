package io.herald.core;

import io.herald.core.spi.Adapter;
import io.herald.core.spi.AdapterMessage;
import io.herald.core.spi.HistoryStore;
import io.herald.core.spi.InMemoryAdapter;
import io.herald.core.spi.InMemoryHistory;
import io.herald.core.spi.InMemoryPresence;
import io.herald.core.spi.PresenceStore;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.JsonData;
import io.herald.protocol.Names;
import io.herald.protocol.Offset;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The channel engine: one bus for every transport. A publish, from whatever source, gets the next
 * offset of its channel's history and reaches every subscriber of that channel on every node; a
 * subscriber can resume from an offset and is told whether the replay was complete.
 *
 * <p>All methods are thread-safe and non-blocking (they may be called on Netty event loops);
 * results arrive as {@link CompletionStage}s, which the in-memory stores complete before the method
 * returns.
 */
public final class ChannelEngine implements AutoCloseable {
  // Publishes to one channel are serialised from history append to dispatch, so that every
  // subscriber sees a channel's messages in offset order. Striped rather than per channel so
  // that the lock table stays fixed in size however many channels come and go.
  private static final int STRIPES = 256;

  private final EngineConfig config;
  private final HistoryStore history;
  private final PresenceStore presence;
  private final Adapter adapter;
  private final InstantSource clock;
  private final Executor listenerThreads;
  private final ConcurrentHashMap<String, ChannelState> channels = new ConcurrentHashMap<>();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final LongAdder published = new LongAdder();

  /**
   * An engine over the given stores and adapter; it starts the adapter and closes all three with
   * {@link #close()}.
   */
  public ChannelEngine(
      EngineConfig config, HistoryStore history, PresenceStore presence, Adapter adapter) {
    this.config = config;
    this.history = history;
    this.presence = presence;
    this.adapter = adapter;
    this.clock = InstantSource.system();
    this.listenerThreads =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("herald-listener-", 0).factory());
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
    adapter.start(this::receive);
  }

  /** A single-node engine: in-memory history, presence and adapter. */
  public static ChannelEngine inMemory(EngineConfig config) {
    return new ChannelEngine(
        config,
        new InMemoryHistory(config.history()),
        new InMemoryPresence(),
        new InMemoryAdapter());
  }

  public EngineConfig config() {
    return config;
  }

  /**
   * Publishes a message to a channel.
   *
   * @return a stage completing with the stored message (and its offset) once it is on its way to
   *     every node; failing with a {@link io.herald.protocol.ProtocolException} for an invalid
   *     channel or event name
   */
  public CompletionStage<Message> publish(String channel, String event, JsonData data) {
    return publish(channel, event, data, Extras.NONE);
  }

  /**
   * Publishes a message with {@link Extras} (arguments layout, binary attachments, routing hints);
   * otherwise as {@link #publish(String, String, JsonData)}.
   */
  public CompletionStage<Message> publish(
      String channel, String event, JsonData data, Extras extras) {
    Names.channel(channel, config.limits().maxChannelNameLength());
    Names.event(event, config.limits().maxEventNameLength());
    ReentrantLock lock = stripe(channel);
    lock.lock();
    try {
      return history
          .append(channel, event, data, extras, clock.millis())
          .thenCompose(
              message ->
                  adapter
                      .publish(new AdapterMessage.Published(message))
                      .thenApply(
                          sent -> {
                            published.increment();
                            return message;
                          }));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Subscribes to a channel and reads what the subscriber missed since {@code since} ({@code null}:
   * nothing, just the current position). Events published from now on are delivered to the
   * subscriber's lane; some may also be in the returned replay, so a subscriber skips messages
   * whose offset the replay already covered.
   */
  public CompletionStage<HistoryRead> subscribe(
      String channel, Subscriber subscriber, Offset since) {
    Names.channel(channel, config.limits().maxChannelNameLength());
    while (!channels.computeIfAbsent(channel, ChannelState::new).add(subscriber)) {
      Thread.onSpinWait();
    }
    ClientInfo client = subscriber.client();
    if (client != null) {
      presence
          .join(channel, client)
          .thenCompose(
              joined ->
                  adapter.publish(
                      new AdapterMessage.PresenceChanged(
                          new PresenceChange(channel, true, client))));
    }
    // Registered before reading, so nothing published in between can be missed.
    return history.readSince(channel, since);
  }

  /** Ends a subscription; does nothing if it was not subscribed. */
  public void unsubscribe(String channel, Subscriber subscriber) {
    ChannelState state = channels.get(channel);
    if (state == null) {
      return;
    }
    if (!state.remove(subscriber)) {
      return;
    }
    if (state.isRetired()) {
      channels.remove(channel, state);
    }
    ClientInfo client = subscriber.client();
    if (client != null) {
      presence
          .leave(channel, client.client())
          .thenCompose(
              left ->
                  adapter.publish(
                      new AdapterMessage.PresenceChanged(
                          new PresenceChange(channel, false, client))));
    }
  }

  /** Reads history after {@code since} without subscribing (see {@link #subscribe}). */
  public CompletionStage<HistoryRead> history(String channel, Offset since) {
    Names.channel(channel, config.limits().maxChannelNameLength());
    return history.readSince(channel, since);
  }

  /** The connections subscribed to a channel, anonymous ones included. */
  public CompletionStage<List<ClientInfo>> presence(String channel) {
    Names.channel(channel, config.limits().maxChannelNameLength());
    return presence.get(channel);
  }

  /**
   * Delivers a channel's messages to a listener inside the application until the returned handle is
   * closed. The listener runs on a virtual thread, one message at a time, in order.
   */
  public AutoCloseable listen(String channel, MessageListener listener) {
    Names.channel(channel, config.limits().maxChannelNameLength());
    ListenerSubscriber subscriber =
        new ListenerSubscriber(new SerialExecutor(listenerThreads), listener);
    subscribe(channel, subscriber, null);
    return () -> unsubscribe(channel, subscriber);
  }

  /** Number of channels with at least one subscriber on this node. */
  public int activeChannels() {
    return channels.size();
  }

  /** Number of subscribers of {@code channel} on this node. */
  public int subscriberCount(String channel) {
    ChannelState state = channels.get(channel);
    return state == null ? 0 : state.size();
  }

  /** Messages published through this engine since it started. */
  public long publishedCount() {
    return published.sum();
  }

  @Override
  public void close() {
    adapter.close();
    history.close();
    presence.close();
  }

  private void receive(AdapterMessage message) {
    ChannelEvent event =
        switch (message) {
          case AdapterMessage.Published published -> published.message();
          case AdapterMessage.PresenceChanged changed -> changed.change();
        };
    ChannelState state = channels.get(event.channel());
    if (state != null) {
      state.dispatch(event);
    }
  }

  private ReentrantLock stripe(String channel) {
    int h = channel.hashCode();
    return stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
  }

  /** An in-process listener: its own lane, running the listener on a serial executor. */
  private static final class ListenerSubscriber implements Subscriber, DeliveryLane {
    private final SerialExecutor executor;
    private final MessageListener listener;

    ListenerSubscriber(SerialExecutor executor, MessageListener listener) {
      this.executor = executor;
      this.listener = listener;
    }

    @Override
    public DeliveryLane lane() {
      return this;
    }

    @Override
    public ClientInfo client() {
      return null;
    }

    @Override
    public boolean presenceEvents() {
      return false;
    }

    @Override
    public void deliver(Fanout fanout, Subscriber[] subscribers) {
      try {
        for (Subscriber subscriber : subscribers) {
          subscriber.deliver(fanout);
        }
      } finally {
        fanout.release();
      }
    }

    @Override
    public void deliver(Fanout fanout) {
      if (fanout.event() instanceof Message message) {
        executor.execute(
            () -> {
              try {
                listener.onMessage(message);
              } catch (Exception e) {
                throw new IllegalStateException(
                    "listener of channel '" + message.channel() + "' failed", e);
              }
            });
      }
    }
  }
}
