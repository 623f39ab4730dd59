package io.herald.app;

import io.herald.server.ApiOptions;
import io.herald.server.ChannelRule;
import io.herald.server.Herald;
import io.herald.server.HeraldConfig;
import io.herald.server.JwtOptions;
import io.herald.server.Response;
import io.herald.server.StaticFiles;
import io.herald.server.TlsOptions;
import io.herald.server.WebSocketConnection;
import io.herald.server.WebSocketEndpoint;
import io.herald.server.socketio.SocketIoOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone server: {@code ./herald [--port N] [--config FILE] …}. Serves the demo pages at
 * {@code /}, an echo WebSocket at {@code /echo}, Prometheus metrics at {@code /metrics}, and every
 * Herald transport; stops gracefully on SIGTERM or Ctrl-C.
 */
@Command(
    name = "herald",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Herald: a realtime server. WebSocket, Server-Sent Events, polling and an HTTP publish API",
      "on one port over one channel engine, with history and resume after reconnect.",
      "",
      "Settings come from the defaults, then --config FILE, then the options below.",
      "Secrets may come from the environment instead of the file: HERALD_API_KEY,",
      "HERALD_JWT_SECRET (turns the JWT authenticator on) and HERALD_TLS_KEY_PASSWORD."
    },
    sortOptions = false)
public final class Main implements Callable<Integer> {
  @Option(
      names = "--port",
      paramLabel = "N",
      description = "TCP port to listen on (default 3000; 0 picks a free port and prints it)")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "address to bind (default 0.0.0.0, every interface)")
  String host;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "JSON configuration file (see docs/configuration.md)")
  Path config;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "enable POST /api/publish with this key (at least 8 characters); "
              + "also read from the HERALD_API_KEY environment variable")
  String apiKey;

  @Option(
      names = "--no-demo",
      description = "do not serve the demo pages, /echo and the demo feeds")
  boolean noDemo;

  @Option(
      names = "--conformance",
      description =
          "serve exactly what the official Engine.IO v4 and Socket.IO v5 protocol test suites "
              + "expect (no demo)")
  boolean conformance;

  /**
   * The demo board (board.html) publishes from the browser; clients publish nowhere else unless the
   * configuration says so. Tried after the configured rules, so those can still close it.
   */
  static final ChannelRule BOARD_RULE = ChannelRule.on("board").withPublish("anyone");

  private final PrintWriter out;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Herald herald;

  Main(PrintWriter out) {
    this.out = out;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    int code = new CommandLine(new Main(out)).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() throws InterruptedException {
    AppConfig settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      System.err.println("herald: " + e.getMessage());
      return 2;
    }
    try {
      herald = start(settings);
    } catch (UncheckedIOException e) {
      System.err.println("herald: " + e.getCause().getMessage());
      return 1;
    } catch (IllegalStateException | IllegalArgumentException e) {
      // A configuration the server cannot honour: a channel rule that says "app" with no
      // authorizer, a TLS file that cannot be used (named, its key never shown).
      System.err.println("herald: " + e.getMessage());
      return 2;
    }
    String host = settings.herald().server().host();
    String shown = host.equals("0.0.0.0") ? "localhost" : host;
    String scheme = settings.herald().tls() == null ? "http" : "https";
    out.println("Herald listening on " + scheme + "://" + shown + ":" + herald.port() + "/");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  herald.stop();
                  stopped.countDown();
                },
                "herald-shutdown"));
    stopped.await();
    return 0;
  }

  private AppConfig settings() {
    AppConfig app = config == null ? AppConfig.DEFAULTS : ConfigFile.load(config);
    HeraldConfig settings = app.herald();
    if (port != null || host != null) {
      settings =
          settings.withServer(
              settings
                  .server()
                  .withPort(port != null ? port : settings.server().port())
                  .withHost(host != null ? host : settings.server().host()));
    }
    String key = apiKey != null ? apiKey : System.getenv("HERALD_API_KEY");
    if (key != null && !key.isEmpty()) {
      settings = settings.withApi(new ApiOptions(key));
    }
    return app.withHerald(secretsFromEnvironment(settings));
  }

  /**
   * The secrets a deployment keeps out of the configuration file: {@code HERALD_JWT_SECRET} (the
   * HMAC secret of the JWT authenticator, which it turns on if the file has no jwt section) and
   * {@code HERALD_TLS_KEY_PASSWORD} (the password of the tls section's key). Each takes the place
   * of the file's value; errors never show the value.
   */
  private static HeraldConfig secretsFromEnvironment(HeraldConfig settings) {
    String jwtSecret = System.getenv("HERALD_JWT_SECRET");
    if (jwtSecret != null && !jwtSecret.isEmpty()) {
      JwtOptions jwt = settings.jwt() == null ? JwtOptions.DEFAULTS : settings.jwt();
      try {
        settings = settings.withJwt(jwt.withSecret(jwtSecret));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("HERALD_JWT_SECRET: " + e.getMessage(), e);
      }
    }
    String keyPassword = System.getenv("HERALD_TLS_KEY_PASSWORD");
    if (keyPassword != null && !keyPassword.isEmpty()) {
      TlsOptions tls = settings.tls();
      if (tls == null) {
        throw new IllegalArgumentException(
            "HERALD_TLS_KEY_PASSWORD is set but the configuration has no tls section");
      }
      settings = settings.withTls(new TlsOptions(tls.cert(), tls.key(), keyPassword));
    }
    return settings;
  }

  private Herald start(AppConfig app) {
    HeraldConfig settings = app.herald();
    if (!noDemo && !conformance) {
      settings = settings.withChannels(settings.channels().followedBy(BOARD_RULE));
    }
    SocketIoOptions socketIo = app.socketIo();
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var builder =
        Herald.builder()
            .config(settings)
            .meterRegistry(prometheus)
            .get(
                "/metrics",
                request ->
                    Response.bytes(
                        prometheus.scrape().getBytes(StandardCharsets.UTF_8),
                        "text/plain; version=0.0.4; charset=utf-8"));
    AtomicReference<Herald> running = new AtomicReference<>();
    if (conformance) {
      Conformance.configure(builder);
    } else if (noDemo) {
      builder.socketIo(socketIo, io -> {});
    } else {
      builder
          .staticFiles("/", StaticFiles.classpath("io/herald/app/demo"))
          .websocket(
              "/echo",
              WebSocketEndpoint.builder()
                  .onText(WebSocketConnection::send)
                  .onBinary(WebSocketConnection::send)
                  .build())
          .socketIo(socketIo, new ChatDemo(running::get)::install);
    }
    Herald started = builder.start();
    running.set(started);
    if (!noDemo && !conformance) {
      DemoFeeds feeds =
          new DemoFeeds(started, Version.number(), Duration.ofSeconds(1), Duration.ofSeconds(5));
      Runtime.getRuntime().addShutdownHook(new Thread(feeds::close, "herald-demo-stop"));
    }
    return started;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    static String number() {
      String version = Main.class.getPackage().getImplementationVersion();
      return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
      return new String[] {"Herald " + number()};
    }
  }
}
