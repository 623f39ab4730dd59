package io.herald.server.internal.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.herald.core.Extras;
import io.herald.core.Fanout;
import io.herald.core.HistoryRead;
import io.herald.core.Message;
import io.herald.core.SerialExecutor;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.Json;
import io.herald.protocol.Offset;
import io.herald.protocol.ProtocolException;
import io.herald.protocol.socketio.SocketIoPacket;
import io.herald.server.Principal;
import io.herald.server.internal.engineio.EngineSession;
import io.herald.server.socketio.AnyEventHandler;
import io.herald.server.socketio.Arguments;
import io.herald.server.socketio.BroadcastOperator;
import io.herald.server.socketio.DisconnectHandler;
import io.herald.server.socketio.Emitter;
import io.herald.server.socketio.EventHandler;
import io.herald.server.socketio.PacketMiddleware;
import io.herald.server.socketio.Socket;
import io.herald.server.socketio.SocketIoHandshake;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connected to one namespace on this node. Packets arrive and frames leave on the
 * Engine.IO session's home loop; the application's handlers run on this socket's serial executor of
 * virtual threads; the public methods may be called from any thread. Every room is a channel
 * subscription, so broadcasts reach the socket as shared pre-encoded frames.
 */
final class LocalSocket implements Socket {
  private static final Logger log = LoggerFactory.getLogger(LocalSocket.class);
  private static final Set<String> RECOVERABLE =
      Set.of(
          "transport error",
          "transport close",
          "forced close",
          "ping timeout",
          "server shutting down",
          "forced server close");

  private final SocketIoRuntime runtime;
  private final ServerNamespace namespace;
  private final SocketIoConnection connection;
  private final EngineSession session;
  private final String id;
  private final String pid;
  private final SocketIoHandshake handshake;
  private final Principal principal;
  private final ConcurrentMap<String, Object> data;
  private final boolean recovered;
  private final SerialExecutor callbacks;
  private final Map<String, EventHandler> handlers = new ConcurrentHashMap<>();
  private final List<AnyEventHandler> anyHandlers = new CopyOnWriteArrayList<>();
  private final List<PacketMiddleware> middlewares = new CopyOnWriteArrayList<>();
  private final List<DisconnectHandler> disconnecting = new CopyOnWriteArrayList<>();
  private final List<DisconnectHandler> disconnected = new CopyOnWriteArrayList<>();
  private volatile Consumer<Exception> errorHandler;
  private final Map<String, RoomSubscription> rooms = new ConcurrentHashMap<>();
  private final Map<String, RoomSubscription> channels = new ConcurrentHashMap<>();
  private final AtomicLong nextAckId = new AtomicLong();
  private final Map<Long, CompletableFuture<Arguments>> pendingAcks = new ConcurrentHashMap<>();
  private final List<String> earlyRooms = new ArrayList<>();
  private volatile boolean started;
  private volatile boolean connected;
  // Set when the socket starts leaving: it takes no more events, while its disconnecting handlers
  // still see it connected and in its rooms, as in Node.
  private volatile boolean leaving;

  // Confined to the session's loop.
  private final long[] seenBroadcasts = new long[16];
  private int seenNext;
  private final SendLog sendLog;

  LocalSocket(
      SocketIoRuntime runtime,
      ServerNamespace namespace,
      SocketIoConnection connection,
      String id,
      String pid,
      SocketIoHandshake handshake,
      Principal principal,
      Map<String, Object> restoredData,
      boolean recovered) {
    this.runtime = runtime;
    this.namespace = namespace;
    this.connection = connection;
    this.session = connection.session();
    this.id = id;
    this.pid = pid;
    this.handshake = handshake;
    this.principal = principal;
    this.data = new ConcurrentHashMap<>(restoredData);
    this.recovered = recovered;
    this.callbacks = new SerialExecutor(runtime.threads());
    this.sendLog = pid == null ? null : new SendLog();
  }

  String pid() {
    return pid;
  }

  SerialExecutor callbacks() {
    return callbacks;
  }

  ServerNamespace serverNamespace() {
    return namespace;
  }

  // ---- lifecycle (on the loop) --------------------------------------------------------------

  /**
   * The socket is accepted: it joins its own room and the namespace's channel, plus the rooms of a
   * recovered session from their saved positions (replaying what it missed).
   */
  void start(Map<String, Offset> restoredRooms) {
    List<String> joinedEarly;
    synchronized (earlyRooms) {
      started = true;
      connected = true;
      joinedEarly = List.copyOf(earlyRooms);
      earlyRooms.clear();
    }
    if (restoredRooms == null) {
      subscribe(id, RoomChannels.channel(namespace.name(), id), null);
      subscribe(null, RoomChannels.namespaceChannel(namespace.name()), null);
    } else {
      restoredRooms.forEach(
          (room, position) -> subscribe(room.isEmpty() ? null : room, channelOf(room), position));
    }
    join(joinedEarly.toArray(String[]::new));
  }

  /** A packet for this socket's namespace arrived. */
  void onPacket(SocketIoPacket packet) {
    switch (packet.type()) {
      case EVENT, BINARY_EVENT -> onEvent(packet);
      case ACK, BINARY_ACK -> onAck(packet);
      case DISCONNECT -> disconnected("client namespace disconnect");
      default -> {}
    }
  }

  private void onEvent(SocketIoPacket packet) {
    ArrayNode values = (ArrayNode) packet.data();
    JsonNode name = values.get(0);
    String event = name.isTextual() ? name.textValue() : name.asText();
    ArrayNode args = Json.MAPPER.createArrayNode();
    for (int i = 1; i < values.size(); i++) {
      args.add(values.get(i));
    }
    Arguments arguments = Arguments.of(args);
    Long ackId = packet.id();
    callbacks.execute(() -> dispatch(event, arguments, new ClientAck(ackId)));
  }

  private void dispatch(String event, Arguments args, ClientAck ack) {
    try {
      for (PacketMiddleware middleware : middlewares) {
        middleware.check(event, args);
      }
      for (AnyEventHandler any : anyHandlers) {
        any.onEvent(event, args);
      }
      EventHandler handler = handlers.get(event);
      if (handler != null) {
        handler.onEvent(args, ack);
      }
    } catch (Exception e) {
      Consumer<Exception> onError = errorHandler;
      if (onError != null) {
        onError.accept(e);
      } else {
        log.warn("socket {} failed to handle '{}'", id, event, e);
      }
    }
  }

  private void onAck(SocketIoPacket packet) {
    if (packet.id() == null) {
      // Answers no request; Node ignores it too.
      return;
    }
    CompletableFuture<Arguments> pending = pendingAcks.remove(packet.id());
    if (pending != null) {
      Arguments args = Arguments.of((ArrayNode) packet.data());
      // Completed on a virtual thread of its own: a handler blocked on this acknowledgement
      // must not wait behind itself on the socket's executor.
      runtime.threads().execute(() -> pending.complete(args));
    }
  }

  /** The server disconnects the socket from its namespace, telling the client; on the loop. */
  void disconnectFromServer() {
    if (connected && !leaving) {
      connection.send(SocketIoPacket.disconnect(namespace.name()));
      disconnected("server namespace disconnect");
    }
  }

  /** Leaves the namespace (on the loop); idempotent. */
  void disconnected(String reason) {
    if (!connected || leaving) {
      return;
    }
    leaving = true;
    connection.detach(namespace.name(), this);
    if (sendLog != null && RECOVERABLE.contains(reason)) {
      Map<String, String> roomChannels = new HashMap<>();
      rooms.keySet().forEach(room -> roomChannels.put(room, channelOf(room)));
      runtime.saveForRecovery(this, roomChannels, Map.copyOf(data), sendLog);
    }
    IllegalStateException gone = new IllegalStateException("socket disconnected: " + reason);
    for (Long ackId : pendingAcks.keySet()) {
      CompletableFuture<Arguments> ack = pendingAcks.remove(ackId);
      if (ack != null) {
        ack.completeExceptionally(gone);
      }
    }
    callbacks.execute(
        () -> {
          run(disconnecting, reason);
          connected = false;
          namespace.remove(this);
          leaveAll();
          run(disconnected, reason);
        });
  }

  private void run(List<DisconnectHandler> list, String reason) {
    for (DisconnectHandler handler : list) {
      try {
        handler.onDisconnect(reason);
      } catch (Exception e) {
        log.warn("disconnect handler of socket {} failed", id, e);
      }
    }
  }

  // ---- delivery (on the loop) ---------------------------------------------------------------

  /** A broadcast reached one of this socket's channels. */
  void deliver(Fanout fanout, Message message) {
    if (!accepts(message)) {
      return;
    }
    boolean withOffset = sendLog != null;
    if (session.isWebSocket()) {
      ByteBuf[] frames =
          fanout.encoded(
              withOffset ? SocketIoFormats.WEBSOCKET_WITH_OFFSET : SocketIoFormats.WEBSOCKET);
      ByteBuf[] copies = new ByteBuf[frames.length];
      for (int i = 0; i < frames.length; i++) {
        copies[i] = frames[i].retainedDuplicate();
      }
      session.sendFrames(copies, message.extras().compress());
    } else {
      session.sendPolling(
          fanout.encoded(
              withOffset ? SocketIoFormats.POLLING_WITH_OFFSET : SocketIoFormats.POLLING));
    }
  }

  /** A message missed while disconnected, replayed from history. */
  private void replay(Message message) {
    if (!accepts(message)) {
      return;
    }
    boolean withOffset = sendLog != null;
    if (session.isWebSocket()) {
      session.sendFrames(SocketIoFormats.frames(message, withOffset), message.extras().compress());
    } else {
      session.sendPolling(SocketIoFormats.pollingPackets(message, withOffset));
    }
  }

  private boolean accepts(Message message) {
    if (!connected || leaving) {
      return false;
    }
    Extras extras = message.extras();
    if (extras.broadcastId() != 0 && seenBefore(extras.broadcastId())) {
      return false;
    }
    for (String excluded : extras.except()) {
      if (channels.containsKey(excluded)) {
        return false;
      }
    }
    if (extras.volatile_() && !session.isWritable()) {
      return false;
    }
    if (sendLog != null) {
      sendLog.written(message.channel(), message.offset());
    }
    return true;
  }

  /** Whether this broadcast already reached the socket through another of its rooms. */
  private boolean seenBefore(long broadcastId) {
    for (long seen : seenBroadcasts) {
      if (seen == broadcastId) {
        return true;
      }
    }
    seenBroadcasts[seenNext] = broadcastId;
    seenNext = (seenNext + 1) % seenBroadcasts.length;
    return false;
  }

  // ---- rooms --------------------------------------------------------------------------------

  private void subscribe(String room, String channel, Offset since) {
    ClientInfo presence =
        room == null || room.equals(id) ? null : new ClientInfo(id, principal.userId(), null);
    RoomSubscription subscription = new RoomSubscription(this, session.lane(), presence);
    String key = room == null ? "" : room;
    if (rooms.putIfAbsent(key, subscription) != null) {
      return;
    }
    channels.put(channel, subscription);
    if (room != null) {
      namespace.indexJoin(room, this);
    }
    CompletionStage<HistoryRead> read;
    try {
      read = runtime.engine().subscribe(channel, subscription, since);
    } catch (ProtocolException e) {
      rooms.remove(key, subscription);
      channels.remove(channel, subscription);
      namespace.indexLeave(key, this);
      throw new IllegalArgumentException("room '" + room + "': " + e.getMessage(), e);
    }
    read.whenComplete(
        (history, failure) ->
            session.execute(
                () -> {
                  if (failure != null || subscription.isCancelled()) {
                    return;
                  }
                  if (since != null) {
                    history.messages().forEach(this::replay);
                  }
                  if (sendLog != null) {
                    sendLog.joined(channel, since == null ? history.top() : since);
                  }
                  subscription.replayed(history.top());
                }));
  }

  private void unsubscribe(String key) {
    RoomSubscription subscription = rooms.remove(key);
    if (subscription == null) {
      return;
    }
    String channel = channelOf(key);
    channels.remove(channel, subscription);
    namespace.indexLeave(key, this);
    session.execute(subscription::cancel);
    runtime.engine().unsubscribe(channel, subscription);
  }

  /** The channel of a room key ({@code ""}: the namespace's channel). */
  private String channelOf(String key) {
    return key.isEmpty()
        ? RoomChannels.namespaceChannel(namespace.name())
        : RoomChannels.channel(namespace.name(), key);
  }

  /** Whether the socket is in {@code room}; from any thread. */
  boolean inRoom(String room) {
    return rooms.containsKey(room);
  }

  private void leaveAll() {
    for (String key : new ArrayList<>(rooms.keySet())) {
      unsubscribe(key);
    }
  }

  // ---- Socket -------------------------------------------------------------------------------

  @Override
  public String id() {
    return id;
  }

  @Override
  public String namespace() {
    return namespace.name();
  }

  @Override
  public SocketIoHandshake handshake() {
    return handshake;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public ConcurrentMap<String, Object> data() {
    return data;
  }

  @Override
  public Set<String> rooms() {
    Set<String> names = new HashSet<>(rooms.keySet());
    names.remove("");
    return Set.copyOf(names);
  }

  @Override
  public boolean recovered() {
    return recovered;
  }

  @Override
  public boolean connected() {
    return connected;
  }

  @Override
  public Socket on(String event, EventHandler handler) {
    handlers.put(event, handler);
    return this;
  }

  @Override
  public Socket onAny(AnyEventHandler handler) {
    anyHandlers.add(handler);
    return this;
  }

  @Override
  public Socket use(PacketMiddleware middleware) {
    middlewares.add(middleware);
    return this;
  }

  @Override
  public Socket onError(Consumer<Exception> handler) {
    errorHandler = handler;
    return this;
  }

  @Override
  public Socket onDisconnecting(DisconnectHandler handler) {
    disconnecting.add(handler);
    return this;
  }

  @Override
  public Socket onDisconnect(DisconnectHandler handler) {
    disconnected.add(handler);
    return this;
  }

  @Override
  public void join(String... names) {
    for (String room : names) {
      if (room.isEmpty()) {
        throw new IllegalArgumentException("a room name must not be empty");
      }
    }
    if (!started) {
      synchronized (earlyRooms) {
        if (!started) {
          // Joined from a middleware: the rooms are subscribed when the socket is accepted.
          earlyRooms.addAll(List.of(names));
          return;
        }
      }
    }
    for (String room : names) {
      if (connected) {
        subscribe(room, channelOf(room), null);
      }
    }
  }

  @Override
  public void leave(String room) {
    if (!room.isEmpty()) {
      unsubscribe(room);
    }
  }

  @Override
  public BroadcastOperator to(String... names) {
    return namespace.broadcast().to(names).except(id);
  }

  @Override
  public BroadcastOperator broadcast() {
    return namespace.broadcast().except(id);
  }

  @Override
  public BroadcastOperator except(String... names) {
    return broadcast().except(names);
  }

  @Override
  public void disconnect(boolean close) {
    session.execute(
        () -> {
          if (close) {
            connection.disconnectAll();
          } else {
            disconnectFromServer();
          }
        });
  }

  @Override
  public void emit(String event, Object... args) {
    emit(event, Arguments.from(args), false, true);
  }

  void emit(String event, Arguments args, boolean volatile_, boolean compress) {
    SocketIoRuntime.checkEvent(event);
    if (sendLog != null && !volatile_) {
      // With recovery on, a direct emit goes through the socket's own room so that it is kept
      // and replayed after a reconnection, as the Node server does.
      namespace.broadcast().to(id).compress(compress).emitArguments(event, args);
    } else {
      send(event, args, volatile_, compress);
    }
  }

  /** Sends an event to this socket only, bypassing channels and history. */
  void send(String event, Arguments args, boolean volatile_, boolean compress) {
    connection.sendFrom(
        SocketIoPacket.event(namespace.name(), null, eventArgs(event, args)), volatile_, compress);
  }

  @Override
  public CompletionStage<Arguments> emitWithAck(String event, Object... args) {
    return emitWithAck(event, Arguments.from(args), null);
  }

  /**
   * Sends an event with an acknowledgement id; the answer fails with a {@link TimeoutException}
   * after {@code timeout} (none when {@code null}) and with an {@link IllegalStateException} when
   * the socket disconnects first.
   */
  CompletableFuture<Arguments> emitWithAck(String event, Arguments args, Duration timeout) {
    SocketIoRuntime.checkEvent(event);
    CompletableFuture<Arguments> answer = new CompletableFuture<>();
    if (!connected || leaving) {
      answer.completeExceptionally(new IllegalStateException("socket disconnected"));
      return answer;
    }
    long ackId = nextAckId.getAndIncrement();
    pendingAcks.put(ackId, answer);
    if ((!connected || leaving) && pendingAcks.remove(ackId) != null) {
      // Disconnected meanwhile: nobody else will fail it.
      answer.completeExceptionally(new IllegalStateException("socket disconnected"));
      return answer;
    }
    if (timeout != null) {
      session
          .loop()
          .schedule(
              () -> {
                if (pendingAcks.remove(ackId) != null) {
                  answer.completeExceptionally(
                      new TimeoutException(
                          "no acknowledgement within " + timeout.toMillis() + " ms"));
                }
              },
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
    }
    connection.sendFrom(SocketIoPacket.event(namespace.name(), ackId, eventArgs(event, args)));
    return answer;
  }

  @Override
  public Emitter timeout(Duration timeout) {
    return new FlaggedEmitter(this, timeout, false, true);
  }

  @Override
  public Emitter volatile_() {
    return new FlaggedEmitter(this, null, true, true);
  }

  @Override
  public Emitter compress(boolean compress) {
    return new FlaggedEmitter(this, null, false, compress);
  }

  private static ArrayNode eventArgs(String event, Arguments args) {
    ArrayNode values = Json.MAPPER.createArrayNode();
    values.add(event);
    values.addAll(args.toJson());
    return values;
  }

  @Override
  public String toString() {
    return "Socket[" + namespace.name() + " " + id + "]";
  }

  /** The acknowledgement of one event the client sent. */
  private final class ClientAck implements io.herald.server.socketio.Ack {
    private final Long ackId;
    private boolean sent;

    ClientAck(Long ackId) {
      this.ackId = ackId;
    }

    @Override
    public boolean requested() {
      return ackId != null;
    }

    @Override
    public synchronized void send(Object... args) {
      if (ackId == null || sent) {
        return;
      }
      sent = true;
      connection.sendFrom(
          SocketIoPacket.ack(namespace.name(), ackId, Arguments.from(args).toJson()));
    }
  }

  /** The same socket with emit flags: an acknowledgement timeout, volatile, compression. */
  private record FlaggedEmitter(
      LocalSocket socket, Duration timeout, boolean dropWhenBusy, boolean compress)
      implements Emitter {
    @Override
    public void emit(String event, Object... args) {
      socket.emit(event, Arguments.from(args), dropWhenBusy, compress);
    }

    @Override
    public CompletionStage<Arguments> emitWithAck(String event, Object... args) {
      return socket.emitWithAck(event, Arguments.from(args), timeout);
    }

    @Override
    public Emitter timeout(Duration value) {
      return new FlaggedEmitter(socket, value, dropWhenBusy, compress);
    }

    @Override
    public Emitter volatile_() {
      return new FlaggedEmitter(socket, timeout, true, compress);
    }

    @Override
    public Emitter compress(boolean value) {
      return new FlaggedEmitter(socket, timeout, dropWhenBusy, value);
    }
  }
}
