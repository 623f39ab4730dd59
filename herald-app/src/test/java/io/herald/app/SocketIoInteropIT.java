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
 * reaching Socket.IO and SSE at once, and reconnection with connection state recovery.
 */
@Timeout(value = 200, unit = TimeUnit.SECONDS)
class SocketIoInteropIT {
  @Test
  void officialSocketIoClient() throws Exception {
    try (Herald plain = SocketIoFixture.start(false);
        Herald recovering = SocketIoFixture.start(true)) {
      NodeSuite.run("socketio-interop.test.mjs", List.of(url(plain), url(recovering)), false);
    }
  }

  private static String url(Herald herald) {
    return "http://127.0.0.1:" + herald.port();
  }
}
