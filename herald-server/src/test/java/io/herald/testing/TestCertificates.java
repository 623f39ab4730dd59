package io.herald.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made for one test run,
 * with its PEM files in a directory and client sockets that trust it.
 *
 * @param cert the PEM certificate file
 * @param key the PEM PKCS#8 private key file (unencrypted)
 */
public record TestCertificates(
    Path cert, Path key, X509Certificate certificate, PrivateKey privateKey) {

  /** Makes an EC P-256 key pair and a certificate valid for a day, written to {@code dir}. */
  public static TestCertificates create(Path dir) throws Exception {
    KeyPair pair = keyPair();
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=localhost");
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            new BigInteger(64, new SecureRandom()),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(1))),
            name,
            pair.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    X509Certificate certificate =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(cert, pem(certificate));
    Files.writeString(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
    return new TestCertificates(cert, key, certificate, pair.getPrivate());
  }

  /** A fresh EC P-256 key pair. */
  public static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /**
   * {@code value} as PEM text: a certificate, a PKCS#8 generator, or a private key (which
   * BouncyCastle writes in the traditional, non-PKCS#8 form, e.g. {@code BEGIN EC PRIVATE KEY}).
   */
  public static String pem(Object value) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(value);
    }
    return text.toString();
  }

  /**
   * This certificate's key as an encrypted PKCS#8 PEM file ({@code BEGIN ENCRYPTED PRIVATE KEY},
   * PBES2 with AES-256-CBC, as {@code openssl pkcs8 -topk8} writes it).
   */
  public Path encryptedKey(Path dir, String password) throws Exception {
    JcaPKCS8Generator encrypted =
        new JcaPKCS8Generator(
            privateKey,
            new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
                // BouncyCastle encrypts (the JDK lacks its cipher name); the server decrypts with
                // the JDK alone, as in production.
                .setProvider(new BouncyCastleProvider())
                .setPassword(password.toCharArray())
                .build());
    Path file = dir.resolve("key-encrypted.pem");
    Files.writeString(file, pem(encrypted));
    return file;
  }

  /** A client context trusting this certificate. */
  public SSLContext clientContext() throws GeneralSecurityException, IOException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("herald-test", certificate);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), new SecureRandom());
    return context;
  }

  /** A TLS socket to {@code 127.0.0.1:port}, handshake done, speaking only {@code protocol}. */
  public Socket connect(int port, String protocol) throws GeneralSecurityException, IOException {
    SSLSocket socket =
        (SSLSocket) clientContext().getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    socket.setEnabledProtocols(new String[] {protocol});
    socket.startHandshake();
    return socket;
  }
}
