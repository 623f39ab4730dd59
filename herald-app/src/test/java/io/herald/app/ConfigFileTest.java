package io.herald.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.server.HeraldConfig;
import io.herald.server.socketio.CookieOptions;
import io.herald.server.socketio.SocketIoOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    assertThat(options.engine().cors().allows("https://app.example.com")).isTrue();
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
