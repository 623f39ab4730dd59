package io.herald.server.socketio;

import io.herald.server.Principal;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * One client connected to one namespace (Node's {@code socket}). Every handler of a socket runs on
 * a virtual thread, one at a time, in the order events arrive; every method may be called from any
 * thread.
 */
public interface Socket extends Emitter {
  /** The socket id; every socket is also in a room named by its id. */
  String id();

  /** The namespace it connected to, e.g. {@code "/"}. */
  String namespace();

  SocketIoHandshake handshake();

  /**
   * Who the socket belongs to: what {@link io.herald.server.Authenticator#authenticateSocketIo}
   * decided when it joined the namespace (by default, the principal of its connection).
   */
  Principal principal();

  /** Application state attached to the socket (restored by connection state recovery). */
  ConcurrentMap<String, Object> data();

  /** Rooms the socket is in, its own id room included. */
  Set<String> rooms();

  /** Whether this connection recovered a previous session (connection state recovery). */
  boolean recovered();

  boolean connected();

  /** Handles an event; one handler per event name (a second replaces the first). */
  Socket on(String event, EventHandler handler);

  /**
   * Handles an event whose first argument is bound to {@code type} by Jackson, e.g. {@code
   * socket.on("move", Move.class, (move, ack) -> ...)}. A first argument that does not fit is an
   * {@link IllegalArgumentException} for the {@link #onError} handler, and the handler does not
   * run.
   */
  default <T> Socket on(String event, Class<T> type, TypedEventHandler<T> handler) {
    return on(event, (args, ack) -> handler.onEvent(args.isEmpty() ? null : args.as(0, type), ack));
  }

  /** Sees every event, before its handler. */
  Socket onAny(AnyEventHandler handler);

  /** Runs before every event's handlers; see {@link PacketMiddleware}. */
  Socket use(PacketMiddleware middleware);

  /** Receives what a packet middleware or handler threw (logged when unset). */
  Socket onError(java.util.function.Consumer<Exception> handler);

  Socket onDisconnecting(DisconnectHandler handler);

  Socket onDisconnect(DisconnectHandler handler);

  /** Joins rooms; effective when this returns. */
  void join(String... rooms);

  void leave(String room);

  /** Sockets in these rooms, this one excluded. */
  BroadcastOperator to(String... rooms);

  /** Every socket of the namespace but this one. */
  BroadcastOperator broadcast();

  /** Every socket of the namespace but this one and those in these rooms. */
  BroadcastOperator except(String... rooms);

  /**
   * Leaves the namespace ({@code server namespace disconnect}); {@code close} closes the
   * connection.
   */
  void disconnect(boolean close);
}
