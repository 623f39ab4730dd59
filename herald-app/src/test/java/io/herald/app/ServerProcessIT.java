package io.herald.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.SseReader;
import io.herald.testing.Tokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ./herald as a user runs it: the one line, the demo, SIGTERM, configuration errors. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerProcessIT {
  @TempDir Path dir;

  @Test
  void portZeroPrintsTheChosenPortAndServesTheDemo() throws Exception {
    try (ServerProcess server = ServerProcess.start()) {
      Http http = new Http(server.port);
      assertThat(http.get("/").body()).contains("Herald");
      assertThat(http.get("/herald.js").statusCode()).isEqualTo(200);
      assertThat(http.get("/metrics").body()).contains("herald_messages_published");
      try (RawWebSocket echo = RawWebSocket.connect(server.port, "/echo")) {
        echo.sendText("ping?");
        assertThat(echo.readText(Duration.ofSeconds(5))).isEqualTo("ping?");
      }
      // The demo feeds publish the server's metrics every second.
      try (SseReader sse = SseReader.open(server.port, "/sse?channel=metrics")) {
        assertThat(sse.next("metrics", Duration.ofSeconds(5)).data()).contains("heapUsedBytes");
      }
    }
  }

  @Test
  void sigtermClosesClientsSoTheyReconnectElsewhere() throws Exception {
    try (ServerProcess server = ServerProcess.start("--no-demo")) {
      HeraldClient client = HeraldClient.connect(server.port);
      client.subscribe("news");
      SseReader sse = SseReader.open(server.port, "/sse?channel=news");
      sse.next(Duration.ofSeconds(5));
      long start = System.nanoTime();
      server.process.destroy();
      RawWebSocket.Frame close = client.socket().awaitClose(Duration.ofSeconds(10));
      assertThat(close.closeCode()).isEqualTo(1001);
      client.socket().sendClose(1001, "");
      assertThat(sse.awaitEnd(Duration.ofSeconds(10))).isTrue();
      assertThat(server.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      // SIGTERM ends the JVM with 128 + 15 once the graceful stop has run.
      assertThat(server.process.exitValue()).isEqualTo(143);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      client.close();
      sse.close();
    }
  }

  @Test
  void theJwtSecretCanComeFromTheEnvironment() throws Exception {
    String secret = "a-secret-from-the-environment-0123456789";
    try (ServerProcess server =
        ServerProcess.start(Map.of("HERALD_JWT_SECRET", secret), "--no-demo")) {
      RawWebSocket.RefusedException refused =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              RawWebSocket.RefusedException.class,
              () -> RawWebSocket.connect(server.port, "/herald"));
      assertThat(refused.refusal().status()).isEqualTo(401);
      String token = Tokens.hs256(secret, Tokens.claims("env-user").build());
      try (HeraldClient client = HeraldClient.connect(server.port, "/herald?token=" + token)) {
        assertThat(client.connected().get("user").asText()).isEqualTo("env-user");
      }
    }
    ServerProcess.FailedStart shortSecret =
        ServerProcess.failedStart(Map.of("HERALD_JWT_SECRET", "too-short-secret"), "--no-demo");
    assertThat(shortSecret.exitCode()).isEqualTo(2);
    assertThat(shortSecret.errors())
        .contains("HERALD_JWT_SECRET: the JWT secret must be at least 32 bytes")
        .doesNotContain("too-short-secret");
  }

  @Test
  void aBadConfigurationIsExplainedAndExitsWith2() throws Exception {
    Path config = dir.resolve("bad.json");
    Files.writeString(config, "{\"server\":{\"prot\":1}}");
    ServerProcess.FailedStart start = ServerProcess.failedStart("--config", config.toString());
    assertThat(start.exitCode()).isEqualTo(2);
    assertThat(start.errors()).contains("unknown setting 'server.prot'");
  }

  @Test
  void aChannelRuleThatNeedsAnApplicationIsExplainedAndExitsWith2() throws Exception {
    Path config = dir.resolve("app-rule.json");
    Files.writeString(
        config, "{\"channels\":{\"rules\":[{\"pattern\":\"doc:*\",\"subscribe\":\"app\"}]}}");
    ServerProcess.FailedStart start = ServerProcess.failedStart("--config", config.toString());
    assertThat(start.exitCode()).isEqualTo(2);
    assertThat(start.errors())
        .contains("channel rule 'doc:*' leaves subscribe to the application")
        .doesNotContain("Exception");
  }

  @Test
  void theLauncherFindsAJdk21OrNewerBesideTheDefaultJava() throws Exception {
    Process process =
        new ProcessBuilder(
                "bash",
                "-c",
                "JAVA_HOME=/nonexistent; . scripts/jdk.sh; jdk=$(herald_find_jdk);"
                    + " herald_java_major \"$jdk/bin/java\"")
            .directory(ServerProcess.root().toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Integer.parseInt(out)).isGreaterThanOrEqualTo(21);
    assertThat(List.of(process.exitValue())).containsExactly(0);
  }
}
