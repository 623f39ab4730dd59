package io.herald.server.internal.socketio;

import io.herald.core.Extras;
import io.herald.protocol.ProtocolException;
import io.herald.server.socketio.Arguments;
import io.herald.server.socketio.BroadcastOperator;
import io.herald.server.socketio.RemoteSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of one or more namespaces selected by rooms, and what to do with them. An emit is a
 * publish to each selected room's channel (the namespace's channel when no room is named), so it
 * reaches every transport and is kept in history; {@code local()} and acknowledged emits go to this
 * node's sockets directly instead. Immutable; every method may be called from any thread.
 */
final class Broadcast implements BroadcastOperator {
  private static final Logger log = LoggerFactory.getLogger(Broadcast.class);

  private final SocketIoRuntime runtime;
  private final Supplier<Collection<ServerNamespace>> namespaces;
  private final Set<String> rooms;
  private final Set<String> except;
  private final boolean volatile_;
  private final boolean compress;
  private final boolean local;
  private final Duration timeout;

  Broadcast(SocketIoRuntime runtime, Supplier<Collection<ServerNamespace>> namespaces) {
    this(runtime, namespaces, Set.of(), Set.of(), false, true, false, null);
  }

  private Broadcast(
      SocketIoRuntime runtime,
      Supplier<Collection<ServerNamespace>> namespaces,
      Set<String> rooms,
      Set<String> except,
      boolean volatile_,
      boolean compress,
      boolean local,
      Duration timeout) {
    this.runtime = runtime;
    this.namespaces = namespaces;
    this.rooms = rooms;
    this.except = except;
    this.volatile_ = volatile_;
    this.compress = compress;
    this.local = local;
    this.timeout = timeout;
  }

  private static Set<String> plus(Set<String> set, String... more) {
    Set<String> union = new LinkedHashSet<>(set);
    for (String room : more) {
      if (room == null || room.isEmpty()) {
        throw new IllegalArgumentException("a room name must not be empty");
      }
      union.add(room);
    }
    return Set.copyOf(union);
  }

  @Override
  public Broadcast to(String... names) {
    return new Broadcast(
        runtime, namespaces, plus(rooms, names), except, volatile_, compress, local, timeout);
  }

  @Override
  public Broadcast in(String... names) {
    return to(names);
  }

  @Override
  public Broadcast except(String... names) {
    return new Broadcast(
        runtime, namespaces, rooms, plus(except, names), volatile_, compress, local, timeout);
  }

  @Override
  public Broadcast volatile_() {
    return new Broadcast(runtime, namespaces, rooms, except, true, compress, local, timeout);
  }

  @Override
  public Broadcast compress(boolean value) {
    return new Broadcast(runtime, namespaces, rooms, except, volatile_, value, local, timeout);
  }

  @Override
  public Broadcast timeout(Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("a timeout must be positive");
    }
    return new Broadcast(runtime, namespaces, rooms, except, volatile_, compress, local, value);
  }

  @Override
  public Broadcast local() {
    return new Broadcast(runtime, namespaces, rooms, except, volatile_, compress, true, timeout);
  }

  @Override
  public void emit(String event, Object... args) {
    emitArguments(event, Arguments.from(args));
  }

  /** Emits already-built arguments. */
  void emitArguments(String event, Arguments args) {
    SocketIoRuntime.checkEvent(event);
    if (local) {
      for (LocalSocket socket : selected()) {
        socket.send(event, args, volatile_, compress);
      }
      return;
    }
    Payloads.Payload payload = Payloads.of(args);
    for (ServerNamespace namespace : namespaces.get()) {
      List<String> channels = new ArrayList<>();
      if (rooms.isEmpty()) {
        channels.add(RoomChannels.namespaceChannel(namespace.name()));
      } else {
        rooms.forEach(room -> channels.add(RoomChannels.channel(namespace.name(), room)));
      }
      Set<String> exceptChannels = new LinkedHashSet<>();
      except.forEach(room -> exceptChannels.add(RoomChannels.channel(namespace.name(), room)));
      // A socket in several of the rooms takes the message once.
      long broadcastId = channels.size() > 1 ? ThreadLocalRandom.current().nextLong() | 1 : 0;
      Extras extras =
          new Extras(
              payload.spread(),
              payload.attachments(),
              broadcastId,
              exceptChannels,
              volatile_,
              compress);
      for (String channel : channels) {
        try {
          runtime
              .engine()
              .publish(channel, event, payload.data(), extras)
              .whenComplete(
                  (message, failure) -> {
                    if (failure != null) {
                      log.warn("broadcast of '{}' to {} failed", event, channel, failure);
                    }
                  });
        } catch (ProtocolException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
      }
    }
  }

  @Override
  public CompletionStage<List<Arguments>> emitWithAck(String event, Object... args) {
    SocketIoRuntime.checkEvent(event);
    Arguments arguments = Arguments.from(args);
    List<CompletableFuture<Arguments>> answers = new ArrayList<>();
    for (LocalSocket socket : selected()) {
      answers.add(
          socket
              .emitWithAck(event, arguments, timeout)
              .exceptionally(
                  failure -> {
                    Throwable cause =
                        failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof TimeoutException timedOut) {
                      throw new CompletionException(timedOut);
                    }
                    // The socket disconnected before answering: it is left out.
                    return null;
                  }));
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(
            done ->
                answers.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList());
  }

  @Override
  public CompletionStage<List<RemoteSocket>> fetchSockets() {
    List<RemoteSocket> found = new ArrayList<>();
    for (LocalSocket socket : selected()) {
      found.add(new SocketSnapshot(socket));
    }
    return CompletableFuture.completedFuture(List.copyOf(found));
  }

  @Override
  public void socketsJoin(String... names) {
    selected().forEach(socket -> socket.join(names));
  }

  @Override
  public void socketsLeave(String... names) {
    selected().forEach(socket -> List.of(names).forEach(socket::leave));
  }

  @Override
  public void disconnectSockets(boolean close) {
    selected().forEach(socket -> socket.disconnect(close));
  }

  /** The connected sockets of this node the operator selects. */
  private List<LocalSocket> selected() {
    List<LocalSocket> selected = new ArrayList<>();
    for (ServerNamespace namespace : namespaces.get()) {
      for (LocalSocket socket : namespace.socketsIn(rooms)) {
        if (socket.connected() && except.stream().noneMatch(socket::inRoom)) {
          selected.add(socket);
        }
      }
    }
    return selected;
  }
}
