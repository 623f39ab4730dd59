package io.herald.server;

import io.herald.core.ChannelEngine;
import io.herald.core.Message;
import io.herald.core.MessageListener;
import io.herald.protocol.ClientFrameDecoder;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.JsonData;
import io.herald.server.internal.ChannelPolicy;
import io.herald.server.internal.HeraldMetrics;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.engineio.EndpointSession;
import io.herald.server.internal.engineio.EngineIoHandler;
import io.herald.server.internal.http.RequestRouter;
import io.herald.server.internal.limits.ConnectionLimits;
import io.herald.server.internal.socketio.SocketIoRuntime;
import io.herald.server.internal.tls.ServerTls;
import io.herald.server.internal.transport.Backpressure;
import io.herald.server.internal.transport.HttpChannelInitializer;
import io.herald.server.internal.transport.HttpConnectionHandler;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.Loops;
import io.herald.server.internal.transport.NettyServer;
import io.herald.server.internal.transport.TrustedProxies;
import io.herald.server.internal.transport.WebSocketSettings;
import io.herald.server.internal.transport.WebSocketUpgrade;
import io.herald.server.socketio.SocketIoServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A running Herald server: one port serving the application's routes, static files and WebSocket
 * endpoints beside Herald's channel transports ({@code /herald}, {@code /sse}, {@code /poll},
 * {@code /api/publish}). Build one with {@link #builder()}.
 *
 * <p>Thread-safe: publish, query presence and stop from any thread.
 */
public final class Herald implements AutoCloseable {
  private final HeraldConfig config;
  private final ChannelEngine engine;
  private final NettyServer netty;
  private final Loops loops;
  private final ExecutorService handlerThreads;
  private final AtomicBoolean stopping;
  private final HeraldMetrics metrics;
  private final InetSocketAddress address;
  private final SocketIoRuntime socketIo;
  private volatile boolean stopped;

  private Herald(
      HeraldConfig config,
      ChannelEngine engine,
      NettyServer netty,
      Loops loops,
      ExecutorService handlerThreads,
      AtomicBoolean stopping,
      HeraldMetrics metrics,
      InetSocketAddress address,
      SocketIoRuntime socketIo) {
    this.config = config;
    this.engine = engine;
    this.netty = netty;
    this.loops = loops;
    this.handlerThreads = handlerThreads;
    this.stopping = stopping;
    this.metrics = metrics;
    this.address = address;
    this.socketIo = socketIo;
  }

  public static HeraldBuilder builder() {
    return new HeraldBuilder();
  }

  static Herald start(HeraldBuilder builder) {
    HeraldConfig config = builder.config;
    // Read the TLS files first: a bad one fails the start before anything is allocated.
    ServerTls tls = config.tls() == null ? null : ServerTls.load(config.tls());
    ChannelPolicy policy = ChannelPolicy.of(config.channels(), builder.channelAuthorizer);
    // Before anything starts: a JWT key that cannot be loaded fails the start here.
    Authenticator authenticator =
        builder.authenticator != null || config.jwt() == null
            ? builder.authenticator
            : new JwtAuthenticator(config.jwt());
    ChannelEngine engine = ChannelEngine.inMemory(config.engine());
    NettyServer netty = new NettyServer(config.server().ioThreads());
    long sweepMillis =
        Math.clamp(
            Math.min(
                    Math.min(
                        config.websocket().pingInterval().toMillis(),
                        config.websocket().pingTimeout().toMillis()),
                    config.sse().keepAlive().toMillis())
                / 10,
            10,
            1000);
    Loops loops = new Loops(netty.group(), sweepMillis);
    MeterRegistry registry = builder.meters == null ? new SimpleMeterRegistry() : builder.meters;
    Backpressure backpressure = new Backpressure(loops.lanes());
    HeraldMetrics metrics = new HeraldMetrics(registry, engine, loops.lanes(), backpressure);
    ExecutorService handlerThreads =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("herald-handler-", 0).factory());
    ServerOptions server = config.server();
    TrustedProxies proxies = TrustedProxies.of(server.trustedProxies());
    WebSocketSettings webSocket =
        new WebSocketSettings(
            config.websocket().pingInterval().toNanos(),
            config.websocket().pingTimeout().toNanos(),
            config.websocket().compressionThreshold(),
            server.maxMessageSize(),
            server.slowConsumerLimit(),
            metrics::closeCode);
    AtomicBoolean stopping = new AtomicBoolean();
    ConnectionLimits limits = new ConnectionLimits(config.limits(), handlerThreads);
    metrics.admitted(limits);
    ServerContext context =
        new ServerContext(
            config,
            engine,
            loops,
            metrics,
            handlerThreads,
            builder.hooks,
            authenticator,
            policy,
            webSocket,
            new WebSocketUpgrade(server.maxMessageSize()),
            backpressure,
            new ClientFrameDecoder(config.limits().frameLimits()),
            stopping,
            limits);
    Map<String, Consumer<HttpExchange>> prefixes = new LinkedHashMap<>();
    builder.engineEndpoints.forEach(
        (path, endpoint) ->
            prefixes.put(
                path,
                new EngineIoHandler(
                        context,
                        endpoint.options(),
                        Transport.ENGINE_IO,
                        (session, principal) ->
                            new EndpointSession(session, principal, endpoint, handlerThreads))
                    ::handle));
    SocketIoRuntime socketIo = builder.socketIo;
    if (socketIo != null) {
      socketIo.attach(context);
      prefixes.put(socketIo.options().path(), socketIo::handle);
    }
    RequestRouter router =
        new RequestRouter(
            context, builder.routes, builder.endpoints, builder.staticMounts, prefixes);
    HttpChannelInitializer initializer =
        new HttpChannelInitializer(
            new HttpChannelInitializer.Settings(
                server.maxInitialLineLength(),
                server.maxHeaderSize(),
                server.maxMessageSize(),
                config.websocket().compression(),
                config.websocket().compressionThreshold(),
                config.limits().handshakeTimeout().toNanos(),
                config.limits().idleTimeout().toNanos(),
                metrics::limit),
            tls,
            () -> new HttpConnectionHandler(router, proxies),
            () -> {});
    try {
      InetSocketAddress address =
          netty.bind(server.host(), server.port(), server.writeHighWaterMark(), initializer);
      return new Herald(
          config, engine, netty, loops, handlerThreads, stopping, metrics, address, socketIo);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding", e);
    } catch (Exception e) {
      try {
        netty.stop(java.time.Duration.ZERO);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      engine.close();
      handlerThreads.close();
      throw new UncheckedIOException(
          new IOException(
              "cannot listen on " + server.host() + ":" + server.port() + ": " + e.getMessage(),
              e));
    }
  }

  /** The port the server listens on (the chosen one when configured with port 0). */
  public int port() {
    return address.getPort();
  }

  public InetSocketAddress address() {
    return address;
  }

  public HeraldConfig config() {
    return config;
  }

  /** The channel engine, for what the convenience methods here do not cover. */
  public ChannelEngine engine() {
    return engine;
  }

  /**
   * The Socket.IO server configured with {@link HeraldBuilder#socketIo}.
   *
   * @throws IllegalStateException when Socket.IO was not configured
   */
  public SocketIoServer socketIo() {
    if (socketIo == null) {
      throw new IllegalStateException("Socket.IO is not configured: see HeraldBuilder.socketIo");
    }
    return socketIo;
  }

  /** The registry Herald's meters are in. */
  public MeterRegistry meters() {
    return metrics.registry();
  }

  /**
   * Publishes {@code data} (any value Jackson can write) as {@code event} on {@code channel}, to
   * every subscriber on every transport.
   *
   * @return the stored message with its offset
   */
  public CompletionStage<Message> publish(String channel, String event, Object data) {
    return engine.publish(channel, event, JsonData.fromValue(data));
  }

  /** Who is subscribed to a channel. */
  public CompletionStage<List<ClientInfo>> presence(String channel) {
    return engine.presence(channel);
  }

  /**
   * Receives a channel's messages in the application until the returned handle is closed; the
   * listener runs on a virtual thread, one message at a time.
   */
  public AutoCloseable listen(String channel, MessageListener listener) {
    return engine.listen(channel, listener);
  }

  /** Open connections by transport: {@code websocket}, {@code sse}, {@code poll} (waiting). */
  public int connections(String transport) {
    return metrics.openCount(
        HeraldMetrics.Transport.valueOf(transport.toUpperCase(java.util.Locale.ROOT)));
  }

  /**
   * Stops gracefully: refuses new connections, closes WebSockets with 1001, ends SSE streams,
   * answers waiting polls, waits up to {@link ServerOptions#shutdownTimeout()} for connections to
   * close, then releases everything. Clients reconnect (elsewhere) and resume from history.
   * Idempotent; blocks until done.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    stopping.set(true);
    try {
      netty.stop(config.server().shutdownTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      loops.stop();
      handlerThreads.shutdown();
      engine.close();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
