package io.herald.server.internal.tls;

import io.herald.server.TlsOptions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The server's TLS context, made once from {@link TlsOptions} when the server starts: TLS 1.3 and
 * 1.2 only, forward-secret AEAD cipher suites only, the JDK's TLS implementation (no native
 * library), ALPN offering {@code http/1.1} (the only HTTP Herald speaks). Thread-safe: {@link
 * #newHandler} is called on each new connection's event loop.
 */
public final class ServerTls {
  /** The protocols spoken; TLS 1.0 and 1.1 are refused with a protocol_version alert. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /**
   * Cipher suites: TLS 1.3's, and for TLS 1.2 only ECDHE (forward secrecy) with an AEAD cipher, as
   * in Mozilla's "intermediate" profile. Those the JVM lacks are left out.
   */
  static final List<String> CIPHERS =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private final SslContext context;

  private ServerTls(SslContext context) {
    this.context = context;
  }

  /**
   * Reads the certificate chain and key and checks that they belong together.
   *
   * @throws IllegalArgumentException naming the file at fault; never quoting key material
   */
  public static ServerTls load(TlsOptions options) {
    List<X509Certificate> chain = PemFiles.certificates(options.cert());
    PrivateKey key = PemFiles.privateKey(options.key(), options.keyPassword());
    TlsSelfCheck.keyMatches(chain.getFirst(), key, options.cert(), options.key());
    try {
      return new ServerTls(
          SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
              .sslProvider(SslProvider.JDK)
              .protocols(PROTOCOLS)
              .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
              .applicationProtocolConfig(
                  new ApplicationProtocolConfig(
                      ApplicationProtocolConfig.Protocol.ALPN,
                      ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                      ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                      ApplicationProtocolNames.HTTP_1_1))
              .build());
    } catch (SSLException e) {
      throw new IllegalArgumentException(
          "tls: cannot use the certificate in "
              + options.cert()
              + " with the key in "
              + options.key()
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  /** A handler for one new connection; on its event loop. */
  public SslHandler newHandler(ByteBufAllocator allocator) {
    return context.newHandler(allocator);
  }
}
