package io.herald.server;

import java.nio.file.Path;

/**
 * Serves https and wss on the server's one port (see docs/security.md, "TLS"). Only TLS 1.3 and TLS
 * 1.2 are spoken; ALPN offers {@code http/1.1}. The files are read when the server starts; one that
 * is missing, unreadable or does not hold what it should fails the start with a message naming the
 * file (never its contents).
 *
 * @param cert the PEM certificate chain: the server's certificate first, then the intermediates
 * @param key the PEM private key of that certificate, PKCS#8 ({@code BEGIN PRIVATE KEY}), or
 *     encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}) with {@code keyPassword}
 * @param keyPassword the password of an encrypted key; {@code null} (the default) for a plain one
 */
public record TlsOptions(Path cert, Path key, String keyPassword) {
  public TlsOptions {
    if (cert == null || key == null) {
      throw new IllegalArgumentException("tls needs both 'cert' and 'key' (PEM files)");
    }
  }

  /** A certificate chain and an unencrypted key. */
  public static TlsOptions of(Path cert, Path key) {
    return new TlsOptions(cert, key, null);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "TlsOptions[cert="
        + cert
        + ", key="
        + key
        + ", keyPassword="
        + (keyPassword == null ? "none" : "***")
        + "]";
  }
}
