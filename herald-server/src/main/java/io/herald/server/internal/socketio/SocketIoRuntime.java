package io.herald.server.internal.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.ChannelEngine;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.Json;
import io.herald.protocol.Offset;
import io.herald.protocol.socketio.SocketIoPacket;
import io.herald.server.Authenticator;
import io.herald.server.StaticFiles;
import io.herald.server.Transport;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.engineio.EngineIoHandler;
import io.herald.server.internal.http.StaticFileHandler;
import io.herald.server.internal.limits.LimitExceeded;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.socketio.ConnectionHandler;
import io.herald.server.socketio.Middleware;
import io.herald.server.socketio.Namespace;
import io.herald.server.socketio.SocketIoOptions;
import io.herald.server.socketio.SocketIoServer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * The Socket.IO server of one Herald instance: its namespaces, the Engine.IO endpoint under its
 * path, the official browser client bundle, and the sessions kept for connection state recovery.
 * Configured before the server starts, {@linkplain #attach attached} when it starts; thread-safe.
 */
public final class SocketIoRuntime extends OperatorDelegate implements SocketIoServer {
  /** The client files served under the path, taken from the socket.io-client package. */
  private static final Set<String> CLIENT_FILES =
      Set.of(
          "socket.io.js",
          "socket.io.js.map",
          "socket.io.min.js",
          "socket.io.min.js.map",
          "socket.io.esm.min.js",
          "socket.io.esm.min.js.map");

  private static final String CLIENT_RESOURCES = "io/herald/server/socketio/client";

  private final SocketIoOptions options;
  private final Map<String, ServerNamespace> namespaces = new ConcurrentHashMap<>();
  private final List<ParentNamespace> parents = new CopyOnWriteArrayList<>();
  private final ServerNamespace main;
  private final RecoveryStore recovery;
  private volatile ServerContext server;
  private volatile EngineIoHandler engineIo;
  private volatile StaticFileHandler clientFiles;

  public SocketIoRuntime(SocketIoOptions options) {
    this.options = Objects.requireNonNull(options);
    this.main = new ServerNamespace(this, SocketIoPacket.MAIN_NAMESPACE, null);
    namespaces.put(main.name(), main);
    this.recovery = new RecoveryStore(options.recovery().maxDisconnectionDuration().toMillis());
  }

  /** Starts serving with the server's engine, threads and transports. */
  public void attach(ServerContext context) {
    this.server = context;
    this.engineIo =
        new EngineIoHandler(
            context,
            options.engine(),
            Transport.SOCKET_IO,
            (session, principal) -> new SocketIoConnection(this, session, principal));
    this.clientFiles =
        new StaticFileHandler(
            options.path(), StaticFiles.classpath(CLIENT_RESOURCES), context.handlerThreads());
  }

  /** Answers a request under the path: a client file, or Engine.IO. On the event loop. */
  public void handle(HttpExchange exchange) {
    String path = exchange.path();
    if (options.serveClient()
        && path.startsWith(options.path())
        && CLIENT_FILES.contains(path.substring(options.path().length()))) {
      clientFiles.handle(exchange);
    } else {
      engineIo.handle(exchange);
    }
  }

  // ---- SocketIoServer -----------------------------------------------------------------------

  @Override
  public SocketIoOptions options() {
    return options;
  }

  @Override
  public Namespace of(String name) {
    String normalized = name.startsWith("/") ? name : "/" + name;
    if (normalized.indexOf(',') >= 0) {
      throw new IllegalArgumentException("a namespace name must not contain ','");
    }
    return namespaces.computeIfAbsent(normalized, n -> new ServerNamespace(this, n, null));
  }

  @Override
  public Namespace of(Predicate<String> names) {
    ParentNamespace parent =
        new ParentNamespace(this, "/_" + parents.size(), Objects.requireNonNull(names));
    parents.add(parent);
    return parent;
  }

  @Override
  public Namespace sockets() {
    return main;
  }

  @Override
  public SocketIoServer use(Middleware middleware) {
    main.use(middleware);
    return this;
  }

  @Override
  public SocketIoServer onConnection(ConnectionHandler handler) {
    main.onConnection(handler);
    return this;
  }

  @Override
  Broadcast broadcast() {
    return main.broadcast();
  }

  // ---- for the namespaces and sockets -------------------------------------------------------

  ChannelEngine engine() {
    return server.engine();
  }

  /** The server's authenticator, or {@code null} when everyone connects anonymously. */
  Authenticator authenticator() {
    return server.authenticator();
  }

  /** The virtual-thread executor handlers and middlewares run on. */
  Executor threads() {
    return server.handlerThreads();
  }

  /**
   * Checks an event name the application emits.
   *
   * @throws IllegalArgumentException for the names Socket.IO reserves ({@code connect}, {@code
   *     disconnect}…)
   */
  static void checkEvent(String event) {
    if (event == null || SocketIoPacket.RESERVED_EVENTS.contains(event)) {
      throw new IllegalArgumentException("'" + event + "' is a reserved event name");
    }
  }

  /** A client sent a packet that is not Socket.IO v5: counted in the error metrics. */
  void invalidPacket() {
    server.metrics().error(ErrorCode.INVALID_PACKET);
  }

  /** A namespace refused a client for a limit: counted in the limit and error metrics. */
  void limitRefused(LimitExceeded refusal) {
    server.metrics().limit(refusal.limit());
    server.metrics().error(refusal.code());
  }

  /** A client asks to join a namespace; on its connection's loop. */
  void connect(SocketIoConnection connection, String name, JsonNode auth) {
    ServerNamespace namespace = namespaces.get(name);
    if (namespace == null) {
      namespace = createChild(name);
    }
    if (namespace == null) {
      // As the Node server answers: the connection stays open for other namespaces.
      connection.connectEnded(name);
      ObjectNode error = Json.MAPPER.createObjectNode().put("message", "Invalid namespace");
      connection.send(SocketIoPacket.connectError(name, error));
      return;
    }
    namespace.connect(connection, auth);
  }

  private ServerNamespace createChild(String name) {
    for (ParentNamespace parent : parents) {
      if (parent.accepts(name)) {
        ServerNamespace[] created = new ServerNamespace[1];
        ServerNamespace child =
            namespaces.computeIfAbsent(
                name, n -> created[0] = new ServerNamespace(this, n, parent));
        if (created[0] != null) {
          parent.adopt(child);
        }
        return child;
      }
    }
    return null;
  }

  // ---- connection state recovery ------------------------------------------------------------

  /** Keeps a disconnected socket's state for a reconnection; on its loop. */
  void saveForRecovery(
      LocalSocket socket, Map<String, String> rooms, Map<String, Object> data, SendLog log) {
    recovery.save(
        socket.pid(),
        new RecoveryStore.Saved(
            socket.id(), socket.namespace(), rooms, data, log, System.currentTimeMillis()));
  }

  /**
   * The session a CONNECT's {@code auth} ({@code pid} and {@code offset}, as the official client
   * sends them) recovers, or {@code null} when recovery is off, the session expired or belongs to
   * another namespace, or the offset is unknown.
   */
  RecoveredSession recover(String namespace, JsonNode auth) {
    if (!options.recovery().enabled()) {
      return null;
    }
    String pid = auth.path("pid").textValue();
    String offset = auth.path("offset").textValue();
    if (pid == null || offset == null) {
      return null;
    }
    RecoveryStore.Saved saved = recovery.get(pid, System.currentTimeMillis());
    if (saved == null || !saved.namespace().equals(namespace)) {
      return null;
    }
    Map<String, Offset> positions =
        saved.log().positionsAt(offset, new HashSet<>(saved.rooms().values()));
    if (positions == null || !recovery.claim(pid, saved)) {
      return null;
    }
    Map<String, Offset> rooms = new HashMap<>();
    saved.rooms().forEach((room, channel) -> rooms.put(room, positions.get(channel)));
    return new RecoveredSession(saved.socketId(), pid, saved.data(), rooms);
  }
}
