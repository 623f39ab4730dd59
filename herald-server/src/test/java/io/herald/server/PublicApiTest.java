package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.ChannelEngine;
import io.herald.core.HistoryOptions;
import io.herald.core.Message;
import io.herald.core.MessageListener;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.JsonData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Pins the public Java API an embedding application uses: if a signature here changes, this file
 * stops compiling. The one test only checks that the builder chain is usable.
 */
class PublicApiTest {
  @SuppressWarnings("unused")
  static void everyEntryPoint() throws Exception {
    HeraldConfig config =
        HeraldConfig.DEFAULTS
            .withServer(ServerOptions.DEFAULTS.withPort(8080).withHost("127.0.0.1"))
            .withWebSocket(
                WebSocketOptions.DEFAULTS.withPing(Duration.ofSeconds(25), Duration.ofSeconds(20)))
            .withSse(SseOptions.DEFAULTS.withKeepAlive(Duration.ofSeconds(15)))
            .withPoll(new PollOptions(Duration.ofSeconds(30)))
            .withLimits(
                LimitOptions.DEFAULTS
                    .withMaxChannelsPerRequest(16)
                    .withHandshakeRate(50, 500)
                    .withConnectionCaps(1000, 100, 100_000)
                    .withMessageRate(100, 200, 50)
                    .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60)))
            .withHistory(HistoryOptions.DEFAULTS.withSize(100).withTtl(Duration.ofMinutes(5)))
            .withApi(new ApiOptions("a-long-api-key"))
            .withJwt(
                JwtOptions.hmac("a-secret-of-at-least-thirty-two-bytes")
                    .withIssuer("https://auth.example.com")
                    .withAudience("herald")
                    .withUserClaim("sub")
                    .withClockSkew(Duration.ofSeconds(30))
                    .withRequired(true)
                    .withQueryParameter("token")
                    .withCookie("herald_jwt")
                    .withAlgorithms(List.of("HS256")))
            .withChannels(
                ChannelRules.of(
                        ChannelRule.of("chat:*", "users"),
                        ChannelRule.on("user:{sub}:inbox").withPublish("claim:admin"),
                        new ChannelRule("private:*", "app", "app", null))
                    .followedBy(ChannelRule.on("board").withPublish("anyone")))
            .withOrigins(
                OriginOptions.DEFAULTS
                    .withAllowed(List.of("https://app.example.com", "https://*.example.org"))
                    .withCredentials(true));
    ChannelAuthorizer authorizer =
        (Principal principal, ChannelAction action, String channel) ->
            action != ChannelAction.PUBLISH && principal.claims().containsKey("member");
    RouteHandler route = request -> Response.json(Map.of("path", request.path()));
    WebSocketEndpoint endpoint =
        WebSocketEndpoint.builder()
            .onOpen(c -> c.send("hi " + c.id()))
            .onText((c, text) -> c.broadcast(text))
            .onBinary((c, data) -> c.send(data))
            .onClose((c, code, reason) -> c.attributes().clear())
            .build();
    SubscribeHook subscribe = (ClientInfo client, String channel) -> {};
    PublishHook publish = (client, channel, event, data) -> data;
    Authenticator authenticator =
        new Authenticator() {
          @Override
          public Principal authenticate(Handshake handshake) {
            return handshake.transport() == Transport.SSE
                ? Principal.user(handshake.cookie("user"))
                : Principal.user(handshake.header("x-user"));
          }

          @Override
          public Principal authenticateSocketIo(
              Handshake handshake, JsonNode auth, Principal connectionPrincipal) {
            return Principal.user(auth.path("user").asText());
          }
        };
    Authenticator jwt = new JwtAuthenticator(JwtOptions.publicKeyFile(Path.of("jwt.pem")));
    Authenticator jwks = new JwtAuthenticator(JwtOptions.jwksFile(Path.of("jwks.json")));
    Herald herald =
        Herald.builder()
            .config(config)
            .get("/a", route)
            .post("/a", route)
            .put("/a", route)
            .patch("/a", route)
            .delete("/a", route)
            .route("OPTIONS", "/a", route)
            .staticFiles("/", StaticFiles.classpath("public"))
            .staticFiles("/files/", StaticFiles.directory(Path.of("www")))
            .websocket("/ws", endpoint)
            .onSubscribe("chat:*", subscribe)
            .onPublish("chat:*", publish)
            .authenticator(authenticator)
            .channelAuthorizer(authorizer)
            .start();
    CompletionStage<Message> sent = herald.publish("news", "update", Map.of("a", 1));
    CompletionStage<List<ClientInfo>> who = herald.presence("news");
    MessageListener listener = message -> message.data().as(Map.class);
    AutoCloseable listening = herald.listen("news", listener);
    ChannelEngine engine = herald.engine();
    engine.publish("news", "raw", JsonData.parse("{\"x\":1}"));
    int port = herald.port();
    int sockets = herald.connections("websocket");
    herald.meters().getMeters();
    herald.stop();
  }

  @Test
  void theApiCompiles() {
    assertThat(Herald.builder()).isNotNull();
  }
}
