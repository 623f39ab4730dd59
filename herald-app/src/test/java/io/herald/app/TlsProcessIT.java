package io.herald.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ./herald with a tls section: prints https and serves it; a bad file exits with 2. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsProcessIT {
  @TempDir Path dir;

  private Path config(Path cert, Path key) throws Exception {
    return Files.writeString(
        dir.resolve("herald.json"),
        "{\"tls\":{\"cert\":\"" + cert + "\",\"key\":\"" + key + "\"}}");
  }

  @Test
  void servesHttpsAndWssAndSaysSo() throws Exception {
    TestCertificates tls = TestCertificates.create(dir);
    Path config = config(tls.cert(), tls.key());
    try (ServerProcess server =
        ServerProcess.start(
            "--no-demo", "--config", config.toString(), "--api-key", "tls-process-key")) {
      assertThat(server.startLine()).startsWith("Herald listening on https://localhost:");
      Http https = Http.https(server.port, tls.clientContext());
      assertThat(https.get("/herald.js").statusCode()).isEqualTo(200);
      try (HeraldClient client =
          HeraldClient.over(
              RawWebSocket.connect(tls.connect(server.port, "TLSv1.3"), "/herald", Map.of()))) {
        client.subscribe("tls-process");
        assertThat(
                https
                    .post(
                        "/api/publish",
                        "{\"channel\":\"tls-process\",\"data\":1}",
                        "Authorization",
                        "Bearer tls-process-key",
                        "Content-Type",
                        "application/json")
                    .statusCode())
            .isEqualTo(200);
        assertThat(client.next("message").get("data").asInt()).isEqualTo(1);
      }
      String plain = new Http(server.port).raw("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(plain).startsWith("HTTP/1.1 400").contains("https://");
    }
  }

  @Test
  void theKeyPasswordCanComeFromTheEnvironment() throws Exception {
    TestCertificates tls = TestCertificates.create(dir);
    Path config = config(tls.cert(), tls.encryptedKey(dir, "env-key-password"));
    try (ServerProcess server =
        ServerProcess.start(
            Map.of("HERALD_TLS_KEY_PASSWORD", "env-key-password"),
            "--no-demo",
            "--config",
            config.toString())) {
      assertThat(server.startLine()).startsWith("Herald listening on https://localhost:");
      assertThat(Http.https(server.port, tls.clientContext()).get("/herald.js").statusCode())
          .isEqualTo(200);
    }
    ServerProcess.FailedStart wrong =
        ServerProcess.failedStart(
            Map.of("HERALD_TLS_KEY_PASSWORD", "not-the-password"), "--config", config.toString());
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.errors()).contains("cannot decrypt").doesNotContain("not-the-password");
    ServerProcess.FailedStart noTls =
        ServerProcess.failedStart(Map.of("HERALD_TLS_KEY_PASSWORD", "env-key-password"));
    assertThat(noTls.exitCode()).isEqualTo(2);
    assertThat(noTls.errors())
        .contains("HERALD_TLS_KEY_PASSWORD is set but the configuration has no tls section");
  }

  @Test
  void aBadTlsFileIsExplainedAndExitsWith2() throws Exception {
    TestCertificates tls = TestCertificates.create(dir);
    Path config = config(tls.cert(), dir.resolve("missing-key.pem"));
    ServerProcess.FailedStart start = ServerProcess.failedStart("--config", config.toString());
    assertThat(start.exitCode()).isEqualTo(2);
    assertThat(start.errors()).contains("missing-key.pem").contains("does not exist");
    assertThat(start.output()).doesNotContain("listening");
  }
}
