package io.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.server.ChannelRule;
import io.herald.server.ChannelRules;
import io.herald.server.HeraldConfig;
import io.herald.server.JwtOptions;
import io.herald.server.LimitOptions;
import io.herald.server.OriginOptions;
import io.herald.server.TlsOptions;
import io.herald.server.socketio.CookieOptions;
import io.herald.server.socketio.SocketIoOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  private HeraldConfig load(String json) throws Exception {
    return loadApp(json).herald();
  }

  private AppConfig loadApp(String json) throws Exception {
    Path file = dir.resolve("herald.json");
    Files.writeString(file, json);
    return ConfigFile.load(file);
  }

  @Test
  void anEmptyFileKeepsTheDefaults() throws Exception {
    assertThat(loadApp("{}")).isEqualTo(AppConfig.DEFAULTS);
  }

  @Test
  void theSocketIoSectionSetsSocketIoOptions() throws Exception {
    SocketIoOptions options =
        loadApp(
                """
                {
                  "socketio": {
                    "path": "/rt/",
                    "connectTimeout": "10s",
                    "engine": {
                      "pingInterval": "10s",
                      "maxPayload": 65536,
                      "cors": {"origins": ["https://app.example.com"], "credentials": true},
                      "cookie": {"name": "lb"}
                    },
                    "recovery": {"enabled": true, "maxDisconnectionDuration": "30s"}
                  }
                }
                """)
            .socketIo();
    assertThat(options.path()).isEqualTo("/rt/");
    assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.engine().pingInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.engine().pingTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(options.engine().maxPayload()).isEqualTo(65536);
    assertThat(options.engine().cors().origins()).containsExactly("https://app.example.com");
    assertThat(options.engine().cors().credentials()).isTrue();
    assertThat(options.engine().cookie()).isEqualTo(new CookieOptions("lb", "/", true, "Lax"));
    assertThat(options.recovery().enabled()).isTrue();
    assertThat(options.recovery().maxDisconnectionDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.serveClient()).isTrue();
    assertThatThrownBy(() -> loadApp("{\"socketio\":{\"engine\":{\"pingIntervall\":1}}}"))
        .hasMessageContaining("unknown setting 'socketio.engine.pingIntervall'");
    assertThatThrownBy(() -> loadApp("{\"socketio\":{\"path\":\"socket.io\"}}"))
        .hasMessageContaining("starts and ends with '/'");
  }

  @Test
  void overridesOnlyWhatItNames() throws Exception {
    HeraldConfig config =
        load(
            """
            {
              "server": {"port": 8080, "maxMessageSize": 65536},
              "websocket": {"pingInterval": "10s", "pingTimeout": 2500, "compression": true},
              "sse": {"keepAlive": "1m"},
              "history": {"size": 500, "ttl": "2h", "metaTtl": "1d" }
            }
            """
                .replace("\"1d\"", "\"24h\""));
    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.server().maxMessageSize()).isEqualTo(65536);
    assertThat(config.server().host()).isEqualTo("0.0.0.0");
    assertThat(config.websocket().pingInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.websocket().pingTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.websocket().compression()).isTrue();
    assertThat(config.websocket().compressionThreshold()).isEqualTo(1024);
    assertThat(config.sse().keepAlive()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.history().size()).isEqualTo(500);
    assertThat(config.history().ttl()).isEqualTo(Duration.ofHours(2));
    assertThat(config.poll()).isEqualTo(HeraldConfig.DEFAULTS.poll());
  }

  @Test
  void theApiKeyIsSetFromTheFile() throws Exception {
    assertThat(load("{\"api\":{\"key\":\"0123456789abcdef\"}}").api().key())
        .isEqualTo("0123456789abcdef");
  }

  @Test
  void theChannelsSectionSetsTheRules() throws Exception {
    HeraldConfig config =
        load(
            """
            {
              "channels": {
                "rules": [
                  {"pattern": "board", "publish": "anyone"},
                  {"pattern": "team:*", "subscribe": "claim:teams", "publish": "app",
                   "presence": "users"}
                ]
              }
            }
            """);
    assertThat(config.channels())
        .isEqualTo(
            ChannelRules.of(
                ChannelRule.on("board").withPublish("anyone"),
                new ChannelRule("team:*", "claim:teams", "app", "users")));
    assertThat(load("{\"channels\":{}}").channels()).isEqualTo(ChannelRules.DEFAULTS);
  }

  @Test
  void trustedProxiesAreReadAndChecked() throws Exception {
    assertThat(
            load("{\"server\":{\"trustedProxies\":[\"10.0.0.0/8\",\"::1\"]}}")
                .server()
                .trustedProxies())
        .containsExactly("10.0.0.0/8", "::1");
    assertThatThrownBy(() -> load("{\"server\":{\"trustedProxies\":[\"lb.internal\"]}}"))
        .hasMessageContaining("server.trustedProxies[0] is not an IP address or CIDR range")
        .hasMessageNotContaining("lb.internal");
  }

  @Test
  void channelRuleMistakesAreNamed() {
    assertThatThrownBy(
            () -> load("{\"channels\":{\"rules\":[{\"pattern\":\"a\",\"subscibe\":\"users\"}]}}"))
        .hasMessageContaining("unknown setting 'channels.rules[0].subscibe'");
    assertThatThrownBy(
            () ->
                load(
                    "{\"channels\":{\"rules\":[{\"pattern\":\"a\"},"
                        + "{\"pattern\":\"b\",\"publish\":\"everyone\"}]}}"))
        .hasMessageContaining("channels.rules[1]")
        .hasMessageContaining("'publish' must be anyone, users, nobody, app or claim:NAME");
    assertThatThrownBy(() -> load("{\"channels\":{\"rules\":[{\"publish\":\"anyone\"}]}}"))
        .hasMessageContaining("channels.rules[0]")
        .hasMessageContaining("pattern must not be empty");
    assertThatThrownBy(() -> load("{\"channels\":{\"rules\":{\"pattern\":\"a\"}}}"))
        .hasMessageContaining("channels.rules");
    assertThatThrownBy(() -> load("{\"channels\":{\"rulez\":[]}}"))
        .hasMessageContaining("unknown setting 'channels.rulez'");
  }

  @Test
  void theOriginsSectionSetsTheAllowlist() throws Exception {
    assertThat(load("{}").origins()).isEqualTo(OriginOptions.DEFAULTS);
    OriginOptions origins =
        load("""
                {"origins": {"allowed": ["https://app.example.com", "https://*.example.org"],
                             "credentials": true}}
                """)
            .origins();
    assertThat(origins.allowed())
        .containsExactly("https://app.example.com", "https://*.example.org");
    assertThat(origins.credentials()).isTrue();
    assertThatThrownBy(() -> load("{\"origins\":{\"allowed\":[\"*\"],\"credentials\":true}}"))
        .hasMessageContaining("'*' cannot be combined with credentials");
    assertThatThrownBy(() -> load("{\"origins\":{\"allowed\":[\"https://app.example.com/\"]}}"))
        .hasMessageContaining("'https://app.example.com/' is not an origin");
    assertThatThrownBy(() -> load("{\"origins\":{\"allow\":[]}}"))
        .hasMessageContaining("unknown setting 'origins.allow'");
  }

  @Test
  void theLimitsSectionSetsRatesCapsAndTimeouts() throws Exception {
    LimitOptions limits =
        load("""
                {"limits": {"handshakeRate": 0, "maxConnectionsPerIp": 0, "messageRate": 0,
                            "maxConnections": 500, "handshakeTimeout": "3s",
                            "idleTimeout": "250ms"}}
                """)
            .limits();
    assertThat(limits)
        .isEqualTo(
            LimitOptions.DEFAULTS
                .withHandshakeRate(0, LimitOptions.DEFAULTS.handshakeBurst())
                .withMessageRate(
                    0,
                    LimitOptions.DEFAULTS.messageBurst(),
                    LimitOptions.DEFAULTS.maxDroppedMessages())
                .withConnectionCaps(0, LimitOptions.DEFAULTS.maxConnectionsPerUser(), 500)
                .withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(250)));
    assertThatThrownBy(() -> load("{\"limits\":{\"messageRate\":-1}}"))
        .hasMessageContaining("must be >= 0");
    assertThatThrownBy(() -> load("{\"limits\":{\"idleTimeout\":\"soon\"}}"))
        .hasMessageContaining("limits");
  }

  @Test
  void theJwtSectionTurnsTheJwtAuthenticatorOn() throws Exception {
    assertThat(loadApp("{}").herald().jwt()).isNull();
    JwtOptions hmac =
        load("""
                {"jwt": {"secret": "0123456789abcdef0123456789abcdef", "issuer": "https://auth.test",
                         "audience": "herald", "clockSkew": "5s", "cookie": "jwt"}}
                """)
            .jwt();
    assertThat(hmac)
        .isEqualTo(
            JwtOptions.hmac("0123456789abcdef0123456789abcdef")
                .withIssuer("https://auth.test")
                .withAudience("herald")
                .withClockSkew(Duration.ofSeconds(5))
                .withCookie("jwt"));
    JwtOptions jwks =
        load("""
                {"jwt": {"jwks": "keys/jwks.json", "algorithms": ["RS256"], "required": false,
                         "queryParameter": null, "userClaim": "email"}}
                """)
            .jwt();
    assertThat(jwks)
        .isEqualTo(
            JwtOptions.jwksFile(Path.of("keys/jwks.json"))
                .withAlgorithms(List.of("RS256"))
                .withRequired(false)
                .withQueryParameter(null)
                .withUserClaim("email"));
    assertThat(load("{\"jwt\": {\"publicKey\": \"/etc/herald/jwt.pem\"}}").jwt().publicKey())
        .isEqualTo(Path.of("/etc/herald/jwt.pem"));
    assertThatThrownBy(() -> load("{\"jwt\": {\"secret\": \"short\"}}"))
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> load("{\"jwt\": {\"sekret\": \"x\"}}"))
        .hasMessageContaining("unknown setting 'jwt.sekret'");
  }

  @Test
  void theTlsSectionIsOffUnlessGiven() throws Exception {
    assertThat(load("{}").tls()).isNull();
    assertThat(load("{\"tls\":null}").tls()).isNull();
    TlsOptions tls =
        load("{\"tls\":{\"cert\":\"certs/cert.pem\",\"key\":\"certs/key.pem\"}}").tls();
    assertThat(tls).isEqualTo(TlsOptions.of(Path.of("certs/cert.pem"), Path.of("certs/key.pem")));
    assertThat(
            load("{\"tls\":{\"cert\":\"c.pem\",\"key\":\"k.pem\",\"keyPassword\":\"pw-12345\"}}")
                .tls()
                .keyPassword())
        .isEqualTo("pw-12345");
    assertThatThrownBy(() -> load("{\"tls\":{\"cert\":\"c.pem\"}}"))
        .hasMessageContaining("both 'cert' and 'key'");
    assertThatThrownBy(() -> load("{\"tls\":{\"cert\":\"c.pem\",\"kee\":\"k.pem\"}}"))
        .hasMessageContaining("unknown setting 'tls.kee'");
  }

  @Test
  void errorsNeverQuoteAValue() {
    // A secret typed without quotes, or where a number belongs: the message names the place only.
    assertThatThrownBy(() -> load("{\"api\":{\"key\": hunter2-secret}}"))
        .hasMessageContaining("not valid JSON at line 1, column")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    assertThatThrownBy(() -> load("{\"api\":{\"key\":{\"nested\":\"hunter2-secret\"}}}"))
        .hasMessageContaining("'api.key' must be a string")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    assertThatThrownBy(() -> load("{\"server\":{\"port\":\"hunter2-secret\"}}"))
        .hasMessageContaining("'server.port' must be a whole number")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    assertThatThrownBy(() -> loadApp("{\"socketio\":{\"engine\":{\"pingInterval\":\"hunter2\"}}}"))
        .hasMessageContaining("'socketio.engine.pingInterval' is not a duration")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> load("{\"server\":{\"prot\":1}}"))
        .hasMessageContaining("unknown setting 'server.prot'");
    assertThatThrownBy(() -> load("{\"serve\":{}}"))
        .hasMessageContaining("unknown setting 'serve'");
    assertThatThrownBy(() -> load("{\"server\":{\"port\":70000}}"))
        .hasMessageContaining("port must be 0-65535");
    assertThatThrownBy(() -> load("{\"websocket\":{\"pingInterval\":\"soon\"}}"))
        .hasMessageContaining("not a duration");
    assertThatThrownBy(() -> load("{\"server\":5}"))
        .hasMessageContaining("'server' must be an object");
    assertThatThrownBy(() -> load("[1]")).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> load("{\"api\":{\"key\":\"short\"}}"))
        .hasMessageContaining("at least 8");
    assertThatThrownBy(() -> ConfigFile.load(dir.resolve("missing.json")))
        .hasMessageContaining("cannot read");
  }

  @Test
  void theFileInDocsConfigurationIsExactlyTheDefaults() throws Exception {
    String doc = Files.readString(ServerProcess.root().resolve("docs/configuration.md"));
    int start = doc.indexOf("```json", doc.indexOf("## The configuration file"));
    String json = doc.substring(start + 7, doc.indexOf("```", start + 7));
    assertThat(loadApp(json)).isEqualTo(AppConfig.DEFAULTS);
  }

  @Test
  void durationsReadTheWayPeopleWriteThem() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("25s")).isEqualTo(Duration.ofSeconds(25));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse(" 1h ")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> Durations.parse("5 minutes"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
