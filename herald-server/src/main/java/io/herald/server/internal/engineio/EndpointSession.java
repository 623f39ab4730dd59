package io.herald.server.internal.engineio;

import io.herald.core.SerialExecutor;
import io.herald.server.Handshake;
import io.herald.server.Principal;
import io.herald.server.socketio.EngineIoConnection;
import io.herald.server.socketio.EngineIoEndpoint;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session of an application's raw {@link EngineIoEndpoint}: passes messages to the endpoint's
 * callbacks on a per-session serial executor of virtual threads, and sends from any thread via the
 * session's home loop.
 */
public final class EndpointSession implements EngineListener, EngineIoConnection {
  private static final Logger log = LoggerFactory.getLogger(EndpointSession.class);

  private final EngineSession session;
  private final Principal principal;
  private final EngineIoEndpoint endpoint;
  private final SerialExecutor callbacks;

  public EndpointSession(
      EngineSession session, Principal principal, EngineIoEndpoint endpoint, Executor threads) {
    this.session = session;
    this.principal = principal;
    this.endpoint = endpoint;
    this.callbacks = new SerialExecutor(threads);
    callback(() -> endpoint.onOpen().onOpen(this));
  }

  @Override
  public void onText(String text) {
    callback(() -> endpoint.onText().onText(this, text));
  }

  @Override
  public void onBinary(byte[] data) {
    callback(() -> endpoint.onBinary().onBinary(this, data));
  }

  @Override
  public void onClose(String reason) {
    callback(() -> endpoint.onClose().onClose(this, reason));
  }

  @Override
  public String id() {
    return session.sid();
  }

  @Override
  public Handshake handshake() {
    return session.handshake();
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public void send(String text) {
    session.execute(() -> session.sendText(text));
  }

  @Override
  public void send(byte[] data) {
    byte[] copy = data.clone();
    session.execute(() -> session.sendBinary(copy));
  }

  @Override
  public void close() {
    session.execute(() -> session.close("forced close"));
  }

  private interface Callback {
    void run() throws Exception;
  }

  private void callback(Callback callback) {
    callbacks.execute(
        () -> {
          try {
            callback.run();
          } catch (Exception e) {
            log.warn("Engine.IO endpoint {} failed", session.handshake().path(), e);
            close();
          }
        });
  }
}
