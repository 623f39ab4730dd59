package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testing.Http;
import io.herald.testing.TestCertificates;
import io.herald.testing.TestHerald;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS files that cannot be used fail the start, naming the file and never showing the key. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsFilesTest {
  private static final String PASSWORD = "correct horse battery";

  @TempDir Path dir;
  private TestCertificates certificates;

  @BeforeEach
  void certificates() throws Exception {
    certificates = TestCertificates.create(dir);
  }

  private static Herald start(TlsOptions tls) {
    return TestHerald.start(b -> b.config(TestHerald.CONFIG.withTls(tls)));
  }

  /** Fails the start with {@code expected}, without a line of the key file in the message. */
  private void refused(TlsOptions tls, String... expected) throws Exception {
    assertThatThrownBy(() -> start(tls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(expected)
        .satisfies(
            e -> {
              for (Path file : new Path[] {certificates.key(), tls.key()}) {
                if (Files.exists(file)) {
                  for (String line : Files.readAllLines(file)) {
                    if (!line.startsWith("-----") && !line.isBlank()) {
                      assertThat(e.getMessage()).doesNotContain(line);
                    }
                  }
                }
              }
              assertThat(e.getMessage()).doesNotContain(PASSWORD);
            });
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void missingFilesAreNamed() throws Exception {
    Path missing = dir.resolve("nowhere.pem");
    refused(TlsOptions.of(missing, certificates.key()), "certificate file", "nowhere.pem", "exist");
    refused(TlsOptions.of(certificates.cert(), missing), "key file", "nowhere.pem", "exist");
    refused(TlsOptions.of(dir, certificates.key()), "cannot read the certificate file");
  }

  @Test
  void filesWithoutWhatTheyShouldHoldAreNamed() throws Exception {
    Path garbage = write("garbage.pem", "not a certificate\n");
    refused(TlsOptions.of(garbage, certificates.key()), "garbage.pem", "no PEM certificate");
    Path notX509 =
        write("bad-cert.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    refused(TlsOptions.of(notX509, certificates.key()), "bad-cert.pem", "not X.509");
    refused(TlsOptions.of(certificates.cert(), garbage), "garbage.pem", "exactly one PKCS#8 key");
    Path badKey =
        write("bad-key.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    refused(TlsOptions.of(certificates.cert(), badKey), "bad-key.pem", "not an RSA, EC");
    // The key where the certificate should be, and the other way round.
    refused(TlsOptions.of(certificates.key(), certificates.cert()), "no PEM certificate");
  }

  @Test
  void aKeyInTheTraditionalFormatIsExplained() throws Exception {
    Path sec1 = write("sec1.pem", TestCertificates.pem(certificates.privateKey()));
    assertThat(Files.readString(sec1)).contains("BEGIN EC PRIVATE KEY");
    refused(TlsOptions.of(certificates.cert(), sec1), "sec1.pem", "not PKCS#8", "openssl pkcs8");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    Path other =
        write(
            "other-key.pem",
            TestCertificates.pem(
                new JcaPKCS8Generator(TestCertificates.keyPair().getPrivate(), null)));
    refused(
        TlsOptions.of(certificates.cert(), other), "other-key.pem", "does not belong", "cert.pem");
  }

  @Test
  void anEncryptedKeyNeedsItsPassword() throws Exception {
    Path encrypted = certificates.encryptedKey(dir, PASSWORD);
    assertThat(Files.readString(encrypted)).contains("BEGIN ENCRYPTED PRIVATE KEY");
    refused(
        new TlsOptions(certificates.cert(), encrypted, "wrong password"),
        "cannot decrypt",
        "key-encrypted.pem");
    refused(
        TlsOptions.of(certificates.cert(), encrypted),
        "key-encrypted.pem",
        "encrypted; set keyPassword");
    refused(
        new TlsOptions(certificates.cert(), certificates.key(), PASSWORD),
        "keyPassword is set",
        "not encrypted");
    Herald herald = start(new TlsOptions(certificates.cert(), encrypted, PASSWORD));
    try {
      Http https = Http.https(herald.port(), certificates.clientContext());
      assertThat(https.get("/herald.js").statusCode()).isEqualTo(200);
    } finally {
      herald.stop();
    }
  }

  @Test
  void theOptionsNeverShowThePassword() {
    TlsOptions tls = new TlsOptions(Path.of("c.pem"), Path.of("k.pem"), PASSWORD);
    assertThat(tls.toString()).contains("c.pem", "k.pem").doesNotContain(PASSWORD);
    assertThat(HeraldConfig.DEFAULTS.withTls(tls).toString()).doesNotContain(PASSWORD);
    assertThat(HeraldConfig.DEFAULTS.withApi(new ApiOptions("api-key-123456")).toString())
        .doesNotContain("api-key-123456");
    assertThatThrownBy(() -> TlsOptions.of(null, Path.of("k.pem")))
        .hasMessageContaining("both 'cert' and 'key'");
  }
}
