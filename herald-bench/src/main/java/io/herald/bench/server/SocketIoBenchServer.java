package io.herald.bench.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.ChannelRule;
import io.herald.server.ChannelRules;
import io.herald.server.Herald;
import io.herald.server.HeraldConfig;
import io.herald.server.LimitOptions;
import io.herald.server.ServerOptions;
import io.herald.server.socketio.Middleware;
import io.herald.server.socketio.SocketIoException;
import io.herald.server.socketio.SocketIoOptions;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Herald set up for the Socket.IO fan-out benchmark ({@code run.sh --target herald-sio}): the
 * defaults of the standalone server's {@code --no-demo} mode with one I/O thread, plus Socket.IO at
 * {@code /socket.io/} whose main-namespace middleware joins each socket to the room named in its
 * CONNECT auth payload ({@code 40{"room":"bench"}}). A room of namespace {@code "/"} is the Herald
 * channel of that name, so the load generator's publisher, which publishes to channel {@code bench}
 * over {@code /herald}, reaches every socket in room {@code bench}.
 *
 * <p>It lives here, not in herald-app, so that the standalone server carries no benchmark-only
 * behaviour. Prints {@code herald-sio listening on http://HOST:PORT/} (the line run.sh reads the
 * port from) and runs until SIGTERM or Ctrl-C.
 */
@Command(
    name = "socketio-bench-server",
    mixinStandardHelpOptions = true,
    description = "Herald with a Socket.IO middleware that joins the room named in auth.room.")
public final class SocketIoBenchServer implements Callable<Integer> {
  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to bind (default ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "TCP port; 0 picks a free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--io-threads",
      defaultValue = "1",
      description = "Netty event loops, as run.sh's {\"server\":{\"ioThreads\":1}} (default 1)")
  int ioThreads;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SocketIoBenchServer()).execute(args));
  }

  /**
   * Starts the server: Herald's default configuration without rate limits on {@code host:port} with
   * {@code ioThreads} event loops and a channel rule letting clients publish anywhere, Socket.IO
   * with its default options and {@link #joinRoomFromAuth()}.
   *
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static Herald start(String host, int port, int ioThreads) {
    HeraldConfig config =
        HeraldConfig.DEFAULTS
            .withServer(
                ServerOptions.DEFAULTS.withHost(host).withPort(port).withIoThreads(ioThreads))
            // The load generator publishes over /herald, which only a channel rule allows.
            .withChannels(ChannelRules.of(ChannelRule.on("*").withPublish("anyone")))
            // Thousands of connections from one address, publishing far above a client's rate.
            .withLimits(LimitOptions.DEFAULTS.withoutRateLimits());
    return Herald.builder()
        .config(config)
        .socketIo(SocketIoOptions.DEFAULTS, io -> io.sockets().use(joinRoomFromAuth()))
        .start();
  }

  /**
   * Joins the socket to the room {@code auth.room} of its CONNECT packet; refuses the connection
   * (CONNECT_ERROR {@code auth.room is required}) when there is none. Runs on a virtual thread.
   */
  public static Middleware joinRoomFromAuth() {
    return socket -> {
      JsonNode room = socket.handshake().auth().path("room");
      if (!room.isTextual() || room.asText().isEmpty()) {
        throw new SocketIoException("auth.room is required");
      }
      socket.join(room.asText());
    };
  }

  @Override
  public Integer call() throws InterruptedException {
    Herald herald;
    try {
      herald = start(host, port, ioThreads);
    } catch (UncheckedIOException e) {
      System.err.println("socketio-bench-server: " + e.getCause().getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  herald.stop();
                  stopped.countDown();
                },
                "herald-shutdown"));
    System.out.println("herald-sio listening on http://" + host + ":" + herald.port() + "/");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
