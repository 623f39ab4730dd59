package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.socketio.EngineIoEndpoint;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.SseReader;
import io.herald.testing.TestCertificates;
import io.herald.testing.TestHerald;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * https and wss on the one port, from a certificate made for the test: every transport over TLS 1.2
 * and 1.3, older versions and plain HTTP refused, and a stop that does not wait on TLS.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    certificates = TestCertificates.create(dir);
    herald = startWith(certificates, TestHerald.CONFIG);
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  /** Serves every transport, on four event loops so that Engine.IO upgrades change loops. */
  static Herald startWith(TestCertificates tls, HeraldConfig base) {
    HeraldConfig config =
        base.withServer(base.server().withIoThreads(4))
            .withApi(new ApiOptions("publish-key-0123"))
            .withTls(TlsOptions.of(tls.cert(), tls.key()));
    return TestHerald.start(
        b ->
            b.config(config)
                .get("/hello", request -> Response.text("hello over " + request.path()))
                .websocket(
                    "/echo", WebSocketEndpoint.builder().onText(WebSocketConnection::send).build())
                .engineIo(
                    "/engine.io/",
                    EngineIoEndpoint.builder()
                        .onText((connection, text) -> connection.send("echo:" + text))
                        .build())
                .socketIo(
                    io ->
                        io.onConnection(
                            socket ->
                                socket.on(
                                    "echo", (args, ack) -> socket.emit("echo", args.toArray())))));
  }

  private static Http https(String protocol) throws Exception {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(new String[] {protocol});
    return Http.https(port, certificates.clientContext(), parameters);
  }

  private static Socket tlsSocket() throws Exception {
    return certificates.connect(port, "TLSv1.3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void httpsServesRoutesAndThePublishApi(String protocol) throws Exception {
    Http http = https(protocol);
    HttpResponse<String> hello = http.get("/hello");
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.body()).isEqualTo("hello over /hello");
    assertThat(hello.sslSession()).get().extracting(s -> s.getProtocol()).isEqualTo(protocol);
    HttpResponse<String> published =
        http.post(
            "/api/publish",
            "{\"channel\":\"tls-api\",\"data\":1}",
            "Authorization",
            "Bearer publish-key-0123",
            "Content-Type",
            "application/json");
    assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    assertThat(http.get("/herald.js").statusCode()).isEqualTo(200);
  }

  @Test
  void wssCarriesTheHeraldProtocol() throws Exception {
    try (HeraldClient subscriber = HeraldClient.over(wss("/herald"));
        HeraldClient publisher = HeraldClient.over(wss("/herald"))) {
      subscriber.subscribe("tls-news");
      publisher.publish("tls-news", "headline", "{\"title\":\"over wss\"}");
      JsonNode message = subscriber.next("message");
      assertThat(message.get("data").get("title").asText()).isEqualTo("over wss");
      herald.publish("tls-news", "headline", Map.of("title", "from the server"));
      assertThat(subscriber.next("message").get("data").get("title").asText())
          .isEqualTo("from the server");
    }
  }

  @Test
  void wssServesApplicationEndpoints() throws Exception {
    try (RawWebSocket echo = wss("/echo")) {
      String big = "x".repeat(100_000);
      echo.sendText("over tls");
      assertThat(echo.readText(WAIT)).isEqualTo("over tls");
      echo.sendText(big);
      assertThat(echo.readText(WAIT)).isEqualTo(big);
    }
  }

  @Test
  void sseAndPollingWorkOverHttps() throws Exception {
    Http http = https("TLSv1.3");
    String next =
        HeraldClient.parse(http.get("/poll?channel=tls-stream").body()).get("next").asText();
    try (SseReader sse = SseReader.open(tlsSocket(), "/sse?channel=tls-stream", Map.of())) {
      assertThat(sse.status()).isEqualTo(200);
      sse.next(WAIT);
      herald.publish("tls-stream", "tick", 1).toCompletableFuture().get();
      assertThat(HeraldClient.parse(sse.next("tick", WAIT).data()).get("data").asInt())
          .isEqualTo(1);
    }
    JsonNode polled = HeraldClient.parse(http.get("/poll?channel=tls-stream&since=" + next).body());
    assertThat(polled.get("messages")).hasSize(1);
    assertThat(polled.get("messages").get(0).get("data").asInt()).isEqualTo(1);
  }

  @Test
  void engineIoPollsOverHttpsAndUpgradesToWss() throws Exception {
    Http http = https("TLSv1.2");
    // Several sessions: the polling and the WebSocket connection of some land on different event
    // loops, so the upgrade moves a TLS connection to the session's loop.
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> open = http.get("/engine.io/?EIO=4&transport=polling");
      assertThat(open.statusCode()).as(open.body()).isEqualTo(200);
      String sid = HeraldClient.parse(open.body().substring(1)).get("sid").asText();
      String query = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
      assertThat(http.post(query, "4polled " + i, "Content-Type", "text/plain").body())
          .isEqualTo("ok");
      assertThat(http.get(query).body()).isEqualTo("4echo:polled " + i);
      try (RawWebSocket ws = wss("/engine.io/?EIO=4&transport=websocket&sid=" + sid)) {
        ws.sendText("2probe");
        assertThat(ws.readText(WAIT)).isEqualTo("3probe");
        ws.sendText("5");
        ws.sendText("4upgraded " + i);
        assertThat(ws.readText(WAIT)).isEqualTo("4echo:upgraded " + i);
      }
    }
  }

  @Test
  void overTlsTheSameOriginIsTheHttpsPage() throws Exception {
    String host = "127.0.0.1:" + port;
    try (RawWebSocket page =
        RawWebSocket.connect(tlsSocket(), "/echo", Map.of("Origin", "https://" + host))) {
      page.sendText("same origin");
      assertThat(page.readText(WAIT)).isEqualTo("same origin");
    }
    // An http page of the same host could be anyone's on the path: not the same origin over TLS.
    assertThatThrownBy(
            () -> RawWebSocket.connect(tlsSocket(), "/echo", Map.of("Origin", "http://" + host)))
        .isInstanceOfSatisfying(
            RawWebSocket.RefusedException.class,
            refused -> assertThat(refused.refusal().status()).isEqualTo(403));
  }

  @Test
  void socketIoWorksOverWss() throws Exception {
    try (RawWebSocket ws = wss("/socket.io/?EIO=4&transport=websocket")) {
      assertThat(ws.readText(WAIT)).startsWith("0{");
      ws.sendText("40");
      assertThat(ws.readText(WAIT)).startsWith("40{\"sid\":");
      ws.sendText("42[\"echo\",\"over tls\",2]");
      assertThat(ws.readText(WAIT)).isEqualTo("42[\"echo\",\"over tls\",2]");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void tls10And11AreRefused(int minor) throws Exception {
    byte[] answer = answerTo(clientHello(minor, 0xc02b, 0xc009));
    // A refusal is an alert record (content type 21) or the connection closed at once; never a
    // ServerHello (a handshake record, 22).
    if (answer.length > 0) {
      assertThat(answer[0]).as("TLS record content type").isEqualTo((byte) 21);
    }
  }

  @Test
  void theHandWrittenClientHelloIsAnsweredForTls12() throws Exception {
    // The control for tls10And11AreRefused: the same hello as TLS 1.2 gets a ServerHello.
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(clientHello(3, 0xc02b));
      assertThat(socket.getInputStream().read()).as("TLS record content type").isEqualTo(22);
    }
  }

  @Test
  void tls12WithoutAForwardSecretAeadSuiteIsRefused() throws Exception {
    // ECDHE-ECDSA with AES-CBC and SHA-1: offered by old clients, not by this server.
    byte[] answer = answerTo(clientHello(3, 0xc009));
    if (answer.length > 0) {
      assertThat(answer[0]).as("TLS record content type").isEqualTo((byte) 21);
    }
  }

  @Test
  void plainHttpOnTheTlsPortIs400WhileTlsClientsKeepReceiving() throws Exception {
    try (HeraldClient subscriber = HeraldClient.over(wss("/herald"))) {
      subscriber.subscribe("tls-plain");
      String answer = new Http(port).raw("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(answer).startsWith("HTTP/1.1 400");
      JsonNode error = HeraldClient.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(error.get("error").asText()).isEqualTo("bad_request");
      assertThat(error.get("message").asText()).contains("https://");
      herald.publish("tls-plain", "still", "here");
      assertThat(subscriber.next("message").get("data").asText()).isEqualTo("here");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void an413ReachesATlsClientThatIsStillSending(String protocol) throws Exception {
    try (Socket socket = certificates.connect(port, protocol)) {
      int size = 3 << 20;
      String head =
          "POST /api/publish HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Authorization: Bearer publish-key-0123\r\nContent-Length: "
              + size
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                try {
                  byte[] chunk = new byte[64 << 10];
                  for (int sent = 0; sent < size; sent += chunk.length) {
                    socket.getOutputStream().write(chunk);
                  }
                } catch (java.io.IOException e) {
                  // the server may stop reading once the linger ends; the answer is what counts
                }
              });
      String answer = new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 413");
      assertThat(answer).contains("message_too_large");
      sending.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void stopDoesNotWaitOnTlsConnections(@TempDir Path own) throws Exception {
    TestCertificates tls = TestCertificates.create(own);
    Herald server =
        startWith(
            tls,
            TestHerald.CONFIG.withServer(
                TestHerald.CONFIG.server().withShutdownTimeout(Duration.ofSeconds(20))));
    int serverPort = server.port();
    HeraldClient client =
        HeraldClient.over(
            RawWebSocket.connect(tls.connect(serverPort, "TLSv1.3"), "/herald", Map.of()));
    client.subscribe("tls-stop");
    RawWebSocket app = RawWebSocket.connect(tls.connect(serverPort, "TLSv1.2"), "/echo", Map.of());
    SseReader sse =
        SseReader.open(tls.connect(serverPort, "TLSv1.3"), "/sse?channel=tls-stop", Map.of());
    sse.next(WAIT);
    RawWebSocket socketIo =
        RawWebSocket.connect(
            tls.connect(serverPort, "TLSv1.3"), "/socket.io/?EIO=4&transport=websocket", Map.of());
    assertThat(socketIo.readText(WAIT)).startsWith("0{");
    Socket idleTls = tls.connect(serverPort, "TLSv1.3");
    Socket silentTcp = new Socket("127.0.0.1", serverPort);

    long start = System.nanoTime();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
    assertThat(client.socket().awaitClose(WAIT).closeCode()).isEqualTo(1001);
    assertThat(app.awaitClose(WAIT).closeCode()).isEqualTo(1001);
    assertThat(sse.awaitEnd(WAIT)).isTrue();
    assertThat(socketIo.awaitClose(WAIT).closeCode()).isEqualTo(1001);
    client.socket().sendClose(1001, "");
    app.sendClose(1001, "");
    socketIo.sendClose(1001, "");
    stopping.get(10, TimeUnit.SECONDS);
    // Well under the 20 s shutdown timeout: nothing was left waiting for it.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(idleTls.getInputStream().read()).isEqualTo(-1);
    assertThat(silentTcp.getInputStream().read()).isEqualTo(-1);
    for (AutoCloseable c : new AutoCloseable[] {client, app, sse, socketIo, idleTls, silentTcp}) {
      c.close();
    }
  }

  private static RawWebSocket wss(String path) throws Exception {
    return RawWebSocket.connect(tlsSocket(), path, Map.of());
  }

  /** Sends {@code hello} on a plain socket and returns what comes back until the server closes. */
  private static byte[] answerTo(byte[] hello) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(hello);
      return readAll(socket.getInputStream());
    }
  }

  private static byte[] readAll(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        bytes.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      // what arrived is the answer
    } catch (java.net.SocketException e) {
      // a reset after the answer
    }
    return bytes.toByteArray();
  }

  /**
   * A ClientHello of version 3.{@code minor} (1: TLS 1.0, 2: TLS 1.1, 3: TLS 1.2) offering the
   * cipher {@code suites} with P-256 and ECDSA-SHA256.
   */
  private static byte[] clientHello(int minor, int... suites) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(3);
    body.write(minor);
    byte[] random = new byte[32];
    ThreadLocalRandom.current().nextBytes(random);
    body.writeBytes(random);
    body.write(0); // no session id
    body.write(0);
    body.write(suites.length * 2);
    for (int suite : suites) {
      body.write(suite >> 8);
      body.write(suite & 0xff);
    }
    body.writeBytes(new byte[] {1, 0}); // compression: null only
    byte[] extensions = {
      0,
      0x0a,
      0,
      4,
      0,
      2,
      0,
      0x17, // supported_groups: secp256r1
      0,
      0x0b,
      0,
      2,
      1,
      0, // ec_point_formats: uncompressed
      0,
      0x0d,
      0,
      4,
      0,
      2,
      4,
      3 // signature_algorithms: ecdsa_secp256r1_sha256
    };
    body.write(0);
    body.write(extensions.length);
    body.writeBytes(extensions);
    byte[] hello = body.toByteArray();
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.writeBytes(new byte[] {22, 3, 1}); // handshake record, version 3.1 as is customary
    int length = hello.length + 4;
    record.write(length >> 8);
    record.write(length & 0xff);
    record.write(1); // client_hello
    record.writeBytes(new byte[] {0, (byte) (hello.length >> 8), (byte) hello.length});
    record.writeBytes(hello);
    return record.toByteArray();
  }
}
