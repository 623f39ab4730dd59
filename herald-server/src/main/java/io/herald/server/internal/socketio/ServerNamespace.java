package io.herald.server.internal.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Ids;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.Json;
import io.herald.protocol.Offset;
import io.herald.protocol.socketio.SocketIoPacket;
import io.herald.server.Authenticator;
import io.herald.server.HttpError;
import io.herald.server.Principal;
import io.herald.server.internal.engineio.EngineSession;
import io.herald.server.internal.limits.LimitExceeded;
import io.herald.server.socketio.ConnectionHandler;
import io.herald.server.socketio.Middleware;
import io.herald.server.socketio.SocketIoException;
import io.herald.server.socketio.SocketIoHandshake;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A namespace clients connect to: runs its middlewares, accepts or refuses sockets, and indexes
 * this node's sockets by room for operators that act on sockets ({@code fetchSockets}, acks, {@code
 * local}). Thread-safe.
 */
final class ServerNamespace extends NamespaceBase {
  private static final Logger log = LoggerFactory.getLogger(ServerNamespace.class);

  private final SocketIoRuntime runtime;
  private final ParentNamespace parent;
  private final Map<String, LocalSocket> sockets = new ConcurrentHashMap<>();
  private final Map<String, Set<LocalSocket>> rooms = new ConcurrentHashMap<>();

  /**
   * @param parent the dynamic namespace this one was created from, or {@code null}
   */
  ServerNamespace(SocketIoRuntime runtime, String name, ParentNamespace parent) {
    super(name);
    this.runtime = runtime;
    this.parent = parent;
  }

  @Override
  Broadcast broadcast() {
    return new Broadcast(runtime, () -> List.of(this));
  }

  // ---- connecting ---------------------------------------------------------------------------

  /**
   * A client asked to join: recover its session, authenticate the CONNECT ({@link
   * Authenticator#authenticateSocketIo}) and run the middlewares, then accept or refuse. Called on
   * the connection's loop.
   */
  void connect(SocketIoConnection connection, JsonNode auth) {
    EngineSession session = connection.session();
    JsonNode payload = auth == null ? Json.MAPPER.createObjectNode() : auth;
    RecoveredSession restored = runtime.recover(name(), payload);
    boolean recovery = runtime.options().recovery().enabled();
    String id = restored != null ? restored.socketId() : Ids.connectionId();
    String pid = !recovery ? null : restored != null ? restored.pid() : Ids.connectionId();
    SocketIoHandshake handshake =
        new SocketIoHandshake(session.handshake(), payload, Instant.now(), session.secure());
    Function<Principal, LocalSocket> sockets =
        principal ->
            new LocalSocket(
                runtime,
                this,
                connection,
                id,
                pid,
                handshake,
                principal,
                restored == null ? Map.of() : restored.data(),
                restored != null);
    Map<String, Offset> restoredRooms = restored == null ? null : restored.rooms();
    List<Middleware> chain = new ArrayList<>();
    boolean skipMiddlewares = restored != null && runtime.options().recovery().skipMiddlewares();
    if (!skipMiddlewares) {
      if (parent != null) {
        chain.addAll(parent.middlewares());
      }
      chain.addAll(middlewares());
    }
    Authenticator authenticator = runtime.authenticator();
    if (chain.isEmpty() && authenticator == null) {
      accept(connection, sockets.apply(connection.principal()), restoredRooms);
      return;
    }
    runtime
        .threads()
        .execute(
            () -> {
              LocalSocket socket;
              JsonNode refusal;
              try {
                Principal principal =
                    authenticator == null
                        ? connection.principal()
                        : authenticator.authenticateSocketIo(
                            session.handshake(), handshake.auth(), connection.principal());
                if (principal != null && principal.isExpiredAt(Instant.now())) {
                  throw new HttpError(ErrorCode.TOKEN_EXPIRED, "the credentials have expired");
                }
                if (principal != null) {
                  // The user the CONNECT names counts against its cap like one named at the
                  // handshake (the session's place in the limits is bound to one user).
                  session.lease().bindUser(principal.userId());
                }
                socket = sockets.apply(principal == null ? Principal.ANONYMOUS : principal);
                refusal = check(chain, socket);
              } catch (LimitExceeded e) {
                runtime.limitRefused(e);
                socket = null;
                refusal =
                    error(
                        e.getMessage(),
                        Json.MAPPER
                            .createObjectNode()
                            .put("code", e.code().code())
                            .put("status", e.code().httpStatus()));
              } catch (HttpError e) {
                socket = null;
                refusal = error(e.getMessage(), errorData(e));
              } catch (Exception e) {
                log.warn("the authenticator failed for {}", name(), e);
                socket = null;
                refusal = error("server error", null);
              }
              LocalSocket admitted = socket;
              JsonNode error = refusal;
              session.execute(
                  () -> {
                    if (error == null) {
                      accept(connection, admitted, restoredRooms);
                    } else {
                      refuse(connection, error);
                    }
                  });
            });
  }

  /** The {@code data} of a CONNECT_ERROR for an authenticator's refusal. */
  private static JsonNode errorData(HttpError e) {
    return Json.MAPPER.createObjectNode().put("code", e.code()).put("status", e.status());
  }

  /** Runs the middlewares on a virtual thread: {@code null} when all pass, else the error. */
  private static JsonNode check(List<Middleware> chain, LocalSocket socket) {
    try {
      for (Middleware middleware : chain) {
        middleware.check(socket);
      }
      return null;
    } catch (SocketIoException e) {
      return error(e.getMessage(), e.data());
    } catch (Exception e) {
      log.warn("a middleware of {} failed", socket.namespace(), e);
      return error("server error", null);
    }
  }

  private static JsonNode error(String message, JsonNode data) {
    ObjectNode error = Json.MAPPER.createObjectNode();
    error.put("message", message == null ? "" : message);
    if (data != null) {
      error.set("data", data);
    }
    return error;
  }

  private void refuse(SocketIoConnection connection, JsonNode error) {
    connection.connectEnded(name());
    if (connection.isOpen()) {
      connection.send(SocketIoPacket.connectError(name(), error));
    }
  }

  /** The socket joins: CONNECT goes out, rooms are subscribed, then the handlers run. */
  private void accept(
      SocketIoConnection connection, LocalSocket socket, Map<String, Offset> restoredRooms) {
    if (!connection.isOpen()) {
      return;
    }
    connection.attach(socket);
    sockets.put(socket.id(), socket);
    // Credentials given at this CONNECT end the whole session when they expire.
    connection.session().expireAt(socket.principal().expiresAt());
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.put("sid", socket.id());
    if (socket.pid() != null) {
      data.put("pid", socket.pid());
    }
    connection.send(SocketIoPacket.connect(name(), data));
    socket.start(restoredRooms);
    List<ConnectionHandler> chain = new ArrayList<>(handlers());
    if (parent != null) {
      chain.addAll(parent.handlers());
    }
    socket
        .callbacks()
        .execute(
            () -> {
              // Run even when the client left already, as Node emits "connection" first: its
              // disconnect handlers are queued behind these and run next.
              for (ConnectionHandler handler : chain) {
                try {
                  handler.onConnection(socket);
                } catch (Exception e) {
                  log.warn("a connection handler of {} failed", name(), e);
                }
              }
            });
  }

  // ---- this node's sockets ------------------------------------------------------------------

  /** A socket left the namespace. */
  void remove(LocalSocket socket) {
    sockets.remove(socket.id(), socket);
  }

  void indexJoin(String room, LocalSocket socket) {
    rooms.compute(
        room,
        (r, members) -> {
          Set<LocalSocket> set = members == null ? ConcurrentHashMap.newKeySet() : members;
          set.add(socket);
          return set;
        });
  }

  void indexLeave(String room, LocalSocket socket) {
    rooms.computeIfPresent(
        room,
        (r, members) -> {
          members.remove(socket);
          return members.isEmpty() ? null : members;
        });
  }

  /** This node's sockets in any of {@code names} (all of them when empty). */
  Collection<LocalSocket> socketsIn(Set<String> names) {
    if (names.isEmpty()) {
      return List.copyOf(sockets.values());
    }
    Set<LocalSocket> found = new LinkedHashSet<>();
    for (String room : names) {
      Set<LocalSocket> members = rooms.get(room);
      if (members != null) {
        found.addAll(members);
      }
    }
    return found;
  }

  /** How many sockets of this node are connected to the namespace. */
  int size() {
    return sockets.size();
  }
}
