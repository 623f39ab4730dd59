package io.herald.app;

import io.herald.server.Herald;
import io.herald.server.HeraldConfig;
import io.herald.server.JwtOptions;
import io.herald.server.ServerOptions;
import io.herald.server.socketio.RecoveryOptions;
import io.herald.server.socketio.Socket;
import io.herald.server.socketio.SocketIoException;
import io.herald.server.socketio.SocketIoOptions;
import io.herald.server.socketio.SocketIoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The server side of socketio-interop.test.mjs: a Herald with Socket.IO handlers the official Node
 * client exercises (echo, rooms, acks both ways, a guarded namespace, JWT authentication), on a
 * free loopback port.
 */
final class SocketIoFixture {
  /** The HMAC secret of {@link #startJwt()}; the Node test signs its tokens with it. */
  static final String JWT_SECRET = "socket.io-interop-secret-0123456789";

  private SocketIoFixture() {}

  /**
   * A server with the built-in JWT authenticator (HS256 with {@link #JWT_SECRET}); {@code whoami}
   * answers the socket's user id.
   */
  static Herald startJwt() {
    return Herald.builder()
        .config(
            HeraldConfig.DEFAULTS
                .withServer(ServerOptions.DEFAULTS.withHost("127.0.0.1").withPort(0))
                .withJwt(JwtOptions.hmac(JWT_SECRET)))
        .socketIo(
            io ->
                io.onConnection(
                    socket ->
                        socket.on("whoami", (args, ack) -> ack.send(socket.principal().userId()))))
        .start();
  }

  /** A server; {@code recovery} turns connection state recovery on. */
  static Herald start(boolean recovery) {
    SocketIoOptions options =
        SocketIoOptions.DEFAULTS.withRecovery(
            recovery
                ? RecoveryOptions.on().withMaxDisconnectionDuration(Duration.ofSeconds(30))
                : RecoveryOptions.DISABLED);
    return Herald.builder()
        .config(
            HeraldConfig.DEFAULTS.withServer(
                ServerOptions.DEFAULTS.withHost("127.0.0.1").withPort(0)))
        .socketIo(options, SocketIoFixture::setup)
        .start();
  }

  private static void setup(SocketIoServer io) {
    io.onConnection(socket -> handlers(io, socket));
    io.of("/guarded")
        .use(
            socket -> {
              if (!"letmein".equals(socket.handshake().auth().path("token").asText())) {
                throw new SocketIoException("not authorized", Map.of("code", 401));
              }
            })
        .onConnection(socket -> socket.on("whoami", (args, ack) -> ack.send(socket.id())));
  }

  private static void handlers(SocketIoServer io, Socket socket) {
    socket.on(
        "remember",
        (args, ack) -> {
          socket.data().put("note", args.text(0));
          ack.send("ok");
        });
    socket.on("echo", (args, ack) -> ack.send(args.toArray()));
    socket.on("echo-event", (args, ack) -> socket.emit("echo-event", args.toArray()));
    socket.on(
        "join",
        (args, ack) -> {
          socket.join(args.text(0));
          ack.send(List.copyOf(socket.rooms()));
        });
    socket.on(
        "to-room",
        (args, ack) -> {
          io.to(args.text(0)).emit("room-event", args.get(1));
          ack.send("sent");
        });
    socket.on("never-answer", (args, ack) -> {});
    socket.on(
        "ask",
        (args, ack) ->
            socket
                .timeout(Duration.ofMillis(args.as(0, Long.class)))
                .emitWithAck("question", 42)
                .whenComplete(
                    (answer, failure) ->
                        socket.emit("ask-result", failure == null ? answer.toJson() : "timeout")));
    socket.on(
        "whoami",
        (args, ack) ->
            ack.send(
                Map.of(
                    "id", socket.id(),
                    "recovered", socket.recovered(),
                    "rooms", List.copyOf(socket.rooms()),
                    "note", socket.data().getOrDefault("note", ""))));
  }
}
