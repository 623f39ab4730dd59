package io.herald.app;

import io.herald.server.HeraldBuilder;
import io.herald.server.socketio.EngineIoConnection;
import io.herald.server.socketio.EngineIoEndpoint;
import io.herald.server.socketio.EngineIoOptions;
import io.herald.server.socketio.Socket;
import io.herald.server.socketio.SocketIoOptions;
import java.time.Duration;

/**
 * What the official Engine.IO v4 and Socket.IO v5 protocol test suites (in the socket.io
 * repository, {@code docs/engine.io-protocol/v4-test-suite} and {@code
 * docs/socket.io-protocol/v5-test-suite}) expect of the server they run against: {@code ./herald
 * --conformance --port 3000}.
 */
final class Conformance {
  /** The suites' heartbeat and payload settings. */
  static final EngineIoOptions ENGINE =
      EngineIoOptions.DEFAULTS
          .withPing(Duration.ofMillis(300), Duration.ofMillis(200))
          .withMaxPayload(1_000_000);

  private Conformance() {}

  /**
   * An Engine.IO echo server at {@code /engine.io/}; Socket.IO at {@code /socket.io/} with
   * namespaces {@code /} and {@code /custom}, each emitting {@code auth} with the handshake's auth
   * on connect, echoing {@code message} as {@code message-back} and acknowledging {@code
   * message-with-ack} with its arguments.
   */
  static HeraldBuilder configure(HeraldBuilder builder) {
    return builder
        .engineIo(
            "/engine.io/",
            EngineIoEndpoint.builder()
                .options(ENGINE)
                .onText(EngineIoConnection::send)
                .onBinary(EngineIoConnection::send)
                .build())
        .socketIo(
            SocketIoOptions.DEFAULTS.withEngine(ENGINE).withConnectTimeout(Duration.ofSeconds(1)),
            io -> {
              io.onConnection(Conformance::echo);
              io.of("/custom").onConnection(Conformance::echo);
            });
  }

  private static void echo(Socket socket) {
    socket.emit("auth", socket.handshake().auth());
    socket.on("message", (args, ack) -> socket.emit("message-back", args.toArray()));
    socket.on("message-with-ack", (args, ack) -> ack.send(args.toArray()));
  }
}
