package io.herald.server.internal.tls;

import io.herald.server.internal.pem.PemBlocks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads the PEM files of {@link io.herald.server.TlsOptions}: a certificate chain and a PKCS#8
 * private key, plain or encrypted. Every failure is an {@link IllegalArgumentException} that names
 * the file and what is wrong with it, and never quotes the file's contents: a key file's text is
 * the secret itself. Called once, on the thread that starts the server.
 */
final class PemFiles {
  /**
   * Key algorithms tried in turn on a PKCS#8 key (the encoding does not name it for KeyFactory).
   */
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  private PemFiles() {}

  /** The certificates of {@code file}, in the file's order (the server's own first). */
  static List<X509Certificate> certificates(Path file) {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(file, read(file, "certificate"), "CERTIFICATE")) {
        Certificate certificate = factory.generateCertificate(new ByteArrayInputStream(der));
        chain.add((X509Certificate) certificate);
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          "tls: the certificate file " + file + " holds a CERTIFICATE block that is not X.509");
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          "tls: the certificate file "
              + file
              + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  /** The private key of {@code file}, decrypted with {@code password} when it is encrypted. */
  static PrivateKey privateKey(Path file, String password) {
    String text = read(file, "key");
    if (text.contains("-----BEGIN RSA PRIVATE KEY-----")
        || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          "tls: the key file "
              + file
              + " is not PKCS#8; convert it with: openssl pkcs8 -topk8 -nocrypt -in "
              + file
              + " -out key.pem");
    }
    List<byte[]> plain = blocks(file, text, "PRIVATE KEY");
    List<byte[]> encrypted = blocks(file, text, "ENCRYPTED PRIVATE KEY");
    if (plain.size() + encrypted.size() != 1) {
      throw new IllegalArgumentException(
          "tls: the key file "
              + file
              + " must hold exactly one PKCS#8 key (-----BEGIN PRIVATE KEY----- or"
              + " -----BEGIN ENCRYPTED PRIVATE KEY-----)");
    }
    if (!plain.isEmpty()) {
      if (password != null) {
        throw new IllegalArgumentException(
            "tls: keyPassword is set but the key file " + file + " is not encrypted");
      }
      return decode(file, plain.getFirst());
    }
    if (password == null) {
      throw new IllegalArgumentException(
          "tls: the key file " + file + " is encrypted; set keyPassword");
    }
    return decode(file, decrypt(file, encrypted.getFirst(), password));
  }

  private static byte[] decrypt(Path file, byte[] der, String password) {
    try {
      EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
      // For PBES2 (what openssl writes) the JDK names the scheme after its parameters, e.g.
      // PBEWithHmacSHA256AndAES_256, which is also the name of its key factory and cipher.
      String scheme = info.getAlgName();
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray());
      try {
        Cipher cipher = Cipher.getInstance(scheme);
        cipher.init(
            Cipher.DECRYPT_MODE,
            SecretKeyFactory.getInstance(scheme).generateSecret(spec),
            info.getAlgParameters());
        return info.getKeySpec(cipher).getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "tls: cannot decrypt the key file "
              + file
              + " (a wrong keyPassword, or an encryption scheme this JVM lacks)");
    }
  }

  private static PrivateKey decode(Path file, byte[] pkcs8) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw new IllegalArgumentException(
        "tls: the key in " + file + " is not an RSA, EC, Ed25519 or Ed448 PKCS#8 key");
  }

  private static List<byte[]> blocks(Path file, String text, String type) {
    try {
      return PemBlocks.of(text, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tls: " + file + " holds " + e.getMessage());
    }
  }

  private static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("tls: the " + what + " file " + file + " does not exist");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(
          "tls: the " + what + " file " + file + " is not readable (permission denied)");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "tls: cannot read the "
              + what
              + " file "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }
}
