package io.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** HTTP requests to a local test server. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .proxy(ProxySelector.of(null))
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final int port;
  private final HttpClient client;
  private final String scheme;

  public Http(int port) {
    this(port, CLIENT, "http");
  }

  private Http(int port, HttpClient client, String scheme) {
    this.port = port;
    this.client = client;
    this.scheme = scheme;
  }

  /** Requests over https, trusting what {@code tls} trusts. */
  public static Http https(int port, SSLContext tls) {
    return https(port, tls, tls.getDefaultSSLParameters());
  }

  /** Requests over https with the given TLS parameters (e.g. one protocol version). */
  public static Http https(int port, SSLContext tls, SSLParameters parameters) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(ProxySelector.of(null))
            .connectTimeout(Duration.ofSeconds(5))
            .sslContext(tls)
            .sslParameters(parameters)
            .build();
    return new Http(port, client, "https");
  }

  public URI uri(String pathAndQuery) {
    return URI.create(scheme + "://127.0.0.1:" + port + pathAndQuery);
  }

  public HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(40));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> send(
      String method, String pathAndQuery, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(pathAndQuery))
            .timeout(Duration.ofSeconds(40))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String pathAndQuery, String body, String... headers)
      throws Exception {
    return send("POST", pathAndQuery, body, headers);
  }

  /**
   * Writes {@code request} verbatim on a new connection and returns everything the server sends
   * until it closes the connection (or 5 s pass).
   */
  public String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        int n;
        while ((n = in.read(buffer)) > 0) {
          answer.write(buffer, 0, n);
        }
      } catch (java.net.SocketTimeoutException e) {
        // the connection stayed open: return what arrived
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
