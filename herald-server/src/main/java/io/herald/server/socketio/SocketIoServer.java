package io.herald.server.socketio;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The Socket.IO server of a Herald instance (Node's {@code io}): namespaces, middlewares, and a
 * broadcast operator over the main namespace {@code "/"}. Configure it in {@link
 * io.herald.server.HeraldBuilder#socketIo}; after start, {@link io.herald.server.Herald#socketIo()}
 * returns it. Thread-safe.
 */
public interface SocketIoServer extends BroadcastOperator {
  SocketIoOptions options();

  /** The namespace with this name, created if it does not exist yet. */
  Namespace of(String name);

  /**
   * Namespaces created on demand when a client connects to a name {@code names} accepts; the
   * middlewares and handlers added to the returned namespace apply to each of them, and a broadcast
   * on it reaches all of them.
   */
  Namespace of(Predicate<String> names);

  /** Dynamic namespaces whose whole name matches {@code names}, e.g. {@code ^/team-\d+$}. */
  default Namespace of(Pattern names) {
    return of(name -> names.matcher(name).matches());
  }

  /** The main namespace {@code "/"}. */
  Namespace sockets();

  /**
   * Adds a middleware run before sockets join the main namespace {@code "/"}, as Node's {@code
   * io.use}; other namespaces have their own ({@code io.of("/admin").use(...)}).
   */
  SocketIoServer use(Middleware middleware);

  /** Adds a handler for sockets joining the main namespace. */
  SocketIoServer onConnection(ConnectionHandler handler);
}
