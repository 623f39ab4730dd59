package io.herald.server;

import io.herald.server.internal.ChannelHooks;
import io.herald.server.internal.http.RequestRouter;
import io.herald.server.internal.http.RouteTable;
import io.herald.server.internal.socketio.SocketIoRuntime;
import io.herald.server.socketio.EngineIoEndpoint;
import io.herald.server.socketio.SocketIoOptions;
import io.herald.server.socketio.SocketIoServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Collects what a {@link Herald} server serves before it starts: configuration, HTTP routes, static
 * files, WebSocket endpoints, channel hooks, the authenticator and the channel authorizer. Not
 * thread-safe; use it from one thread, then call {@link #start()}.
 *
 * <pre>{@code
 * Herald herald = Herald.builder()
 *     .config(HeraldConfig.DEFAULTS.withServer(ServerOptions.DEFAULTS.withPort(8080)))
 *     .get("/api/hello", request -> Response.json(Map.of("hello", "world")))
 *     .websocket("/echo", WebSocketEndpoint.builder().onText(WebSocketConnection::send).build())
 *     .staticFiles("/", StaticFiles.classpath("public"))
 *     .start();
 * herald.publish("news", "update", Map.of("title", "Herald is up"));
 * }</pre>
 */
public final class HeraldBuilder {
  HeraldConfig config = HeraldConfig.DEFAULTS;
  final RouteTable routes = new RouteTable();
  final Map<String, WebSocketEndpoint> endpoints = new LinkedHashMap<>();
  final Map<String, StaticFiles> staticMounts = new LinkedHashMap<>();
  final Map<String, EngineIoEndpoint> engineEndpoints = new LinkedHashMap<>();
  SocketIoRuntime socketIo;
  final ChannelHooks hooks = new ChannelHooks();
  Authenticator authenticator;
  ChannelAuthorizer channelAuthorizer;
  MeterRegistry meters;

  HeraldBuilder() {}

  /** The configuration (default {@link HeraldConfig#DEFAULTS}). */
  public HeraldBuilder config(HeraldConfig value) {
    this.config = Objects.requireNonNull(value);
    return this;
  }

  public HeraldBuilder get(String path, RouteHandler handler) {
    return route("GET", path, handler);
  }

  public HeraldBuilder post(String path, RouteHandler handler) {
    return route("POST", path, handler);
  }

  public HeraldBuilder put(String path, RouteHandler handler) {
    return route("PUT", path, handler);
  }

  public HeraldBuilder patch(String path, RouteHandler handler) {
    return route("PATCH", path, handler);
  }

  public HeraldBuilder delete(String path, RouteHandler handler) {
    return route("DELETE", path, handler);
  }

  /**
   * An HTTP route. {@code path} segments may be {@code {name}} placeholders, read with {@link
   * Request#pathParam}. A GET route also answers HEAD.
   *
   * @throws IllegalArgumentException for a path Herald reserves or a duplicate route
   */
  public HeraldBuilder route(String method, String path, RouteHandler handler) {
    reserved(path);
    routes.add(method.toUpperCase(java.util.Locale.ROOT), path, Objects.requireNonNull(handler));
    return this;
  }

  /** A WebSocket endpoint at an exact path. */
  public HeraldBuilder websocket(String path, WebSocketEndpoint endpoint) {
    reserved(path);
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("an endpoint path starts with '/'");
    }
    if (endpoints.putIfAbsent(path, Objects.requireNonNull(endpoint)) != null) {
      throw new IllegalArgumentException("two endpoints at " + path);
    }
    return this;
  }

  /**
   * A raw Engine.IO v4 endpoint owning every path under {@code path} (which ends with {@code /},
   * e.g. {@code /engine.io/}).
   */
  public HeraldBuilder engineIo(String path, EngineIoEndpoint endpoint) {
    prefix(path);
    engineEndpoints.put(path, Objects.requireNonNull(endpoint));
    return this;
  }

  /**
   * Serves Socket.IO v5 (the official socket.io clients) at {@code options.path()}, by default
   * {@code /socket.io/}. {@code setup} registers namespaces, middlewares and connection handlers
   * before the server starts; {@link Herald#socketIo()} returns the same server afterwards.
   */
  public HeraldBuilder socketIo(SocketIoOptions options, Consumer<SocketIoServer> setup) {
    if (socketIo != null) {
      throw new IllegalStateException("Socket.IO is already configured");
    }
    prefix(options.path());
    SocketIoRuntime runtime = new SocketIoRuntime(options);
    setup.accept(runtime);
    socketIo = runtime;
    return this;
  }

  /** Socket.IO with the default options; see {@link #socketIo(SocketIoOptions, Consumer)}. */
  public HeraldBuilder socketIo(Consumer<SocketIoServer> setup) {
    return socketIo(SocketIoOptions.DEFAULTS, setup);
  }

  /** Serves files of {@code source} under the URL prefix {@code prefix} (e.g. {@code "/"}). */
  public HeraldBuilder staticFiles(String prefix, StaticFiles source) {
    if (!prefix.startsWith("/")) {
      throw new IllegalArgumentException("a static prefix starts with '/'");
    }
    staticMounts.put(prefix, Objects.requireNonNull(source));
    return this;
  }

  /** A hook run before clients subscribe to channels matching {@code pattern} ({@code *} glob). */
  public HeraldBuilder onSubscribe(String pattern, SubscribeHook hook) {
    hooks.addSubscribe(pattern, Objects.requireNonNull(hook));
    return this;
  }

  /** A hook run before client messages are published to channels matching {@code pattern}. */
  public HeraldBuilder onPublish(String pattern, PublishHook hook) {
    hooks.addPublish(pattern, Objects.requireNonNull(hook));
    return this;
  }

  /**
   * Decides who connects (default: the {@link JwtAuthenticator} when {@link HeraldConfig#jwt()} is
   * set, else everyone, anonymously).
   */
  public HeraldBuilder authenticator(Authenticator value) {
    this.authenticator = Objects.requireNonNull(value);
    return this;
  }

  /**
   * Decides the channel actions that a rule leaves to the application ({@code app}, see {@link
   * ChannelRule}); default none, and a server whose rules say {@code app} without one does not
   * start.
   */
  public HeraldBuilder channelAuthorizer(ChannelAuthorizer value) {
    this.channelAuthorizer = Objects.requireNonNull(value);
    return this;
  }

  /** Where Herald registers its meters (default: a private {@link SimpleMeterRegistry}). */
  public HeraldBuilder meterRegistry(MeterRegistry registry) {
    this.meters = Objects.requireNonNull(registry);
    return this;
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws java.io.UncheckedIOException if the port cannot be bound
   * @throws IllegalStateException if a channel rule says {@code app} and no {@link
   *     #channelAuthorizer} is set
   * @throws IllegalArgumentException if the TLS files of {@link HeraldConfig#tls()} cannot be used
   *     (the message names the file and the problem, never the key)
   */
  public Herald start() {
    return Herald.start(this);
  }

  private void prefix(String path) {
    if (!path.startsWith("/") || !path.endsWith("/") || path.length() < 3) {
      throw new IllegalArgumentException(
          "a prefix path starts and ends with '/', e.g. /engine.io/");
    }
    reserved(path.substring(0, path.length() - 1));
    if (engineEndpoints.containsKey(path)
        || (socketIo != null && socketIo.options().path().equals(path))) {
      throw new IllegalArgumentException("two endpoints at " + path);
    }
  }

  private static void reserved(String path) {
    if (RequestRouter.RESERVED_PATHS.contains(path)) {
      throw new IllegalArgumentException(path + " is reserved by Herald");
    }
  }
}
