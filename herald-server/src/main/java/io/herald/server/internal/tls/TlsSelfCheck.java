package io.herald.server.internal.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * Checks that a private key belongs to a certificate, by signing a random challenge with the key
 * and verifying it with the certificate's public key. Without this check a mismatched pair would
 * start, and every handshake would then fail with an error that names neither file. Called once, on
 * the thread that starts the server.
 */
final class TlsSelfCheck {
  private TlsSelfCheck() {}

  /**
   * @throws IllegalArgumentException naming both files when the key is not the certificate's
   */
  static void keyMatches(X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile) {
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    boolean matches;
    try {
      String algorithm = signatureAlgorithm(key);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // E.g. an EC key against an RSA certificate: the verifier refuses the key type.
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException(
          "tls: the key in "
              + keyFile
              + " does not belong to the first certificate in "
              + certFile);
    }
  }

  private static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA: the algorithm is its own scheme
    };
  }
}
