package io.herald.server.internal.http;

import io.herald.protocol.ErrorCode;
import io.herald.server.StaticFiles;
import io.herald.server.WebSocketEndpoint;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.channel.HeraldSocketEndpoint;
import io.herald.server.internal.channel.PollEndpoint;
import io.herald.server.internal.channel.PublishEndpoint;
import io.herald.server.internal.channel.SseEndpoint;
import io.herald.server.internal.origin.Cors;
import io.herald.server.internal.origin.OriginPolicy;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.HttpRequestHandler;
import io.herald.server.internal.transport.HttpResponses;
import io.herald.server.internal.transport.WebSocketUpgrade;
import io.herald.server.internal.websocket.EndpointHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decides who answers each request, in this order: WebSocket upgrades by path ({@code /herald} and
 * application endpoints, after the origin check; any other path is 404), Herald's own endpoints
 * ({@code /sse}, {@code /poll} after the origin check and with CORS, {@code /api/publish}, {@code
 * /herald.js}), application routes, static files, then 404. Engine.IO prefixes check origins
 * themselves. Every refusal has a JSON body. On the event loop.
 */
public final class RequestRouter implements HttpRequestHandler {
  /**
   * @param browserTransport whether browsers connect here from pages, so that the origin check and
   *     CORS apply
   */
  private record BuiltIn(String method, Consumer<HttpExchange> handler, boolean browserTransport) {}

  private final ServerContext server;
  private final Cors cors;
  private final Map<String, Consumer<HttpExchange>> upgrades = new HashMap<>();
  private final Map<String, BuiltIn> builtIns = new HashMap<>();
  private final RouteTable routes;
  private final RouteRunner runner;
  private final List<StaticFileHandler> statics = new ArrayList<>();
  private final Map<String, Consumer<HttpExchange>> prefixes;

  /** Paths Herald answers itself; applications cannot register routes or endpoints there. */
  public static final Set<String> RESERVED_PATHS =
      Set.of(
          HeraldSocketEndpoint.PATH,
          SseEndpoint.PATH,
          PollEndpoint.PATH,
          PublishEndpoint.PATH,
          "/herald.js");

  /**
   * @param prefixes handlers owning every path under a prefix ending in {@code /} (Engine.IO and
   *     Socket.IO endpoints), WebSocket upgrades included
   */
  public RequestRouter(
      ServerContext server,
      RouteTable routes,
      Map<String, WebSocketEndpoint> endpoints,
      Map<String, StaticFiles> staticMounts,
      Map<String, Consumer<HttpExchange>> prefixes) {
    this.server = server;
    this.routes = routes;
    this.prefixes = Map.copyOf(prefixes);
    this.runner = new RouteRunner(server.handlerThreads());
    this.cors = new Cors(OriginPolicy.of(server.config().origins()), "GET", server.metrics());
    upgrades.put(HeraldSocketEndpoint.PATH, new HeraldSocketEndpoint(server)::handle);
    endpoints.forEach(
        (path, endpoint) -> upgrades.put(path, new EndpointHandler(server, endpoint)::handle));
    builtIns.put(SseEndpoint.PATH, new BuiltIn("GET", new SseEndpoint(server)::handle, true));
    builtIns.put(PollEndpoint.PATH, new BuiltIn("GET", new PollEndpoint(server)::handle, true));
    builtIns.put(
        PublishEndpoint.PATH, new BuiltIn("POST", new PublishEndpoint(server)::handle, false));
    if (server.config().server().clientScript()) {
      StaticFileHandler client =
          new StaticFileHandler(
              "/", StaticFiles.classpath("io/herald/server/client"), server.handlerThreads());
      builtIns.put("/herald.js", new BuiltIn("GET", client::handle, false));
    }
    // Longest prefix first, so that /docs/ wins over /.
    staticMounts.entrySet().stream()
        .sorted((a, b) -> b.getKey().length() - a.getKey().length())
        .forEach(
            e ->
                statics.add(
                    new StaticFileHandler(e.getKey(), e.getValue(), server.handlerThreads())));
  }

  @Override
  public void handle(HttpExchange exchange) {
    String path = exchange.path();
    if (server.stopping().get()) {
      exchange.closeAfterResponse();
      exchange.error(ErrorCode.SHUTTING_DOWN, "the server is shutting down; retry elsewhere");
      return;
    }
    for (Map.Entry<String, Consumer<HttpExchange>> prefix : prefixes.entrySet()) {
      String mount = prefix.getKey();
      if (path.startsWith(mount) || path.equals(mount.substring(0, mount.length() - 1))) {
        prefix.getValue().accept(exchange);
        return;
      }
    }
    if (WebSocketUpgrade.isUpgradeRequest(exchange.request().headers())) {
      Consumer<HttpExchange> upgrade = upgrades.get(path);
      if (upgrade == null) {
        // Never leave an upgrade hanging: answer and close.
        exchange.closeAfterResponse();
        exchange.error(ErrorCode.NOT_FOUND, "no WebSocket endpoint at " + path);
      } else if (cors.admit(exchange)) {
        // Browsers send cookies with an upgrade but apply no CORS to it: the origin check above
        // is what stops another site's page from connecting as its visitor.
        upgrade.accept(exchange);
      }
      return;
    }
    BuiltIn builtIn = builtIns.get(path);
    if (builtIn != null) {
      if (builtIn.browserTransport() && !cors.admit(exchange)) {
        return;
      }
      String method = exchange.method().name();
      if (method.equals(builtIn.method())
          || (method.equals("HEAD") && builtIn.method().equals("GET"))) {
        builtIn.handler().accept(exchange);
      } else {
        methodNotAllowed(exchange, builtIn.method());
      }
      return;
    }
    if (upgrades.containsKey(path)) {
      exchange.respond(
          HttpResponses.json(
              io.netty.handler.codec.http.HttpResponseStatus.UPGRADE_REQUIRED,
              HttpResponses.errorBody(
                  ErrorCode.BAD_REQUEST, path + " is a WebSocket endpoint: send an upgrade")));
      return;
    }
    switch (routes.match(exchange.method().name(), path)) {
      case RouteTable.Found found -> {
        runner.run(exchange, found.handler(), found.params());
        return;
      }
      case RouteTable.WrongMethod wrong -> {
        methodNotAllowed(exchange, String.join(", ", wrong.allowed()));
        return;
      }
      case RouteTable.Missing missing -> {}
    }
    for (StaticFileHandler files : statics) {
      if (files.covers(path)) {
        files.handle(exchange);
        return;
      }
    }
    exchange.error(ErrorCode.NOT_FOUND, "nothing at " + path);
  }

  private static void methodNotAllowed(HttpExchange exchange, String allowed) {
    FullHttpResponse response =
        HttpResponses.error(
            ErrorCode.METHOD_NOT_ALLOWED,
            exchange.method().name() + " is not allowed here; use " + allowed);
    response.headers().set(HttpHeaderNames.ALLOW, allowed);
    exchange.respond(response);
  }
}
