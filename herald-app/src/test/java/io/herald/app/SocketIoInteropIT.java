package io.herald.app;

import io.herald.server.Herald;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official socket.io-client npm package against Herald
 * (tests/browser/socketio-interop.test.mjs): polling only, WebSocket only, the upgrade, namespaces
 * and middleware refusal, rooms, acks with timeouts both ways, binary both ways, a broadcast
 * reaching Socket.IO and SSE at once, reconnection with connection state recovery, and JWT
 * authentication (the token in the CONNECT auth payload or the handshake's query; a session ended
 * by its token's expiry, after which the client reconnects with a fresh token).
 */
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class SocketIoInteropIT {
  @Test
  void officialSocketIoClient() throws Exception {
    try (Herald plain = SocketIoFixture.start(false);
        Herald recovering = SocketIoFixture.start(true);
        Herald jwt = SocketIoFixture.startJwt()) {
      NodeSuite.run(
          "socketio-interop.test.mjs",
          List.of(url(plain), url(recovering), url(jwt), SocketIoFixture.JWT_SECRET),
          false);
    }
  }

  private static String url(Herald herald) {
    return "http://127.0.0.1:" + herald.port();
  }
}
