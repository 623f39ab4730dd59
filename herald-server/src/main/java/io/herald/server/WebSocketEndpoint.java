package io.herald.server;

import java.util.Objects;

/**
 * An application-defined WebSocket protocol at one path, in the style of the {@code ws} library:
 * callbacks for open, text, binary and close. Every callback of one connection runs on a virtual
 * thread, one at a time, in order; a callback may block without delaying other connections. A
 * message type without a callback closes the connection with 1003.
 *
 * <pre>{@code
 * WebSocketEndpoint echo = WebSocketEndpoint.builder()
 *     .onText((connection, text) -> connection.send(text))
 *     .build();
 * }</pre>
 */
public final class WebSocketEndpoint {
  /** A connection opened. */
  @FunctionalInterface
  public interface OpenHandler {
    void onOpen(WebSocketConnection connection) throws Exception;
  }

  /** A text message arrived. */
  @FunctionalInterface
  public interface TextHandler {
    void onText(WebSocketConnection connection, String text) throws Exception;
  }

  /** A binary message arrived. */
  @FunctionalInterface
  public interface BinaryHandler {
    void onBinary(WebSocketConnection connection, byte[] data) throws Exception;
  }

  /** The connection closed; {@code code} is 1006 when it ended without a close frame. */
  @FunctionalInterface
  public interface CloseHandler {
    void onClose(WebSocketConnection connection, int code, String reason) throws Exception;
  }

  private final OpenHandler onOpen;
  private final TextHandler onText;
  private final BinaryHandler onBinary;
  private final CloseHandler onClose;

  private WebSocketEndpoint(Builder builder) {
    this.onOpen = builder.onOpen;
    this.onText = builder.onText;
    this.onBinary = builder.onBinary;
    this.onClose = builder.onClose;
  }

  public static Builder builder() {
    return new Builder();
  }

  public OpenHandler onOpen() {
    return onOpen;
  }

  public TextHandler onText() {
    return onText;
  }

  public BinaryHandler onBinary() {
    return onBinary;
  }

  public CloseHandler onClose() {
    return onClose;
  }

  /** Collects the callbacks of an endpoint. */
  public static final class Builder {
    private OpenHandler onOpen;
    private TextHandler onText;
    private BinaryHandler onBinary;
    private CloseHandler onClose;

    private Builder() {}

    public Builder onOpen(OpenHandler handler) {
      this.onOpen = Objects.requireNonNull(handler);
      return this;
    }

    public Builder onText(TextHandler handler) {
      this.onText = Objects.requireNonNull(handler);
      return this;
    }

    public Builder onBinary(BinaryHandler handler) {
      this.onBinary = Objects.requireNonNull(handler);
      return this;
    }

    public Builder onClose(CloseHandler handler) {
      this.onClose = Objects.requireNonNull(handler);
      return this;
    }

    public WebSocketEndpoint build() {
      return new WebSocketEndpoint(this);
    }
  }
}
