package io.herald.server;

import io.herald.server.internal.ChannelHooks;
import io.herald.server.internal.http.RequestRouter;
import io.herald.server.internal.http.RouteTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Collects what a {@link Herald} server serves before it starts: configuration, HTTP routes, static
 * files, WebSocket endpoints, channel hooks and the authenticator. Not thread-safe; use it from one
 * thread, then call {@link #start()}.
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
  final ChannelHooks hooks = new ChannelHooks();
  Authenticator authenticator;
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

  /** Decides who connects (default: everyone, anonymously). */
  public HeraldBuilder authenticator(Authenticator value) {
    this.authenticator = Objects.requireNonNull(value);
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
   */
  public Herald start() {
    return Herald.start(this);
  }

  private static void reserved(String path) {
    if (RequestRouter.RESERVED_PATHS.contains(path)) {
      throw new IllegalArgumentException(path + " is reserved by Herald");
    }
  }
}
