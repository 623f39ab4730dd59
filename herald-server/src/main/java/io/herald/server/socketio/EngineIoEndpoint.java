package io.herald.server.socketio;

import java.util.Objects;

/**
 * An application protocol over raw Engine.IO v4 (the transport under Socket.IO: long-polling with
 * an upgrade to WebSocket, heartbeats), at a path prefix. Every callback of one session runs on a
 * virtual thread, one at a time, in order; it may block.
 */
public final class EngineIoEndpoint {
  /** A session opened. */
  @FunctionalInterface
  public interface OpenHandler {
    void onOpen(EngineIoConnection connection) throws Exception;
  }

  /** A text message arrived. */
  @FunctionalInterface
  public interface TextHandler {
    void onText(EngineIoConnection connection, String text) throws Exception;
  }

  /** A binary message arrived. */
  @FunctionalInterface
  public interface BinaryHandler {
    void onBinary(EngineIoConnection connection, byte[] data) throws Exception;
  }

  /**
   * The session ended, with the Engine.IO reason ({@code transport close}, {@code ping timeout}…).
   */
  @FunctionalInterface
  public interface CloseHandler {
    void onClose(EngineIoConnection connection, String reason) throws Exception;
  }

  private final EngineIoOptions options;
  private final OpenHandler onOpen;
  private final TextHandler onText;
  private final BinaryHandler onBinary;
  private final CloseHandler onClose;

  private EngineIoEndpoint(Builder builder) {
    this.options = builder.options;
    this.onOpen = builder.onOpen;
    this.onText = builder.onText;
    this.onBinary = builder.onBinary;
    this.onClose = builder.onClose;
  }

  public static Builder builder() {
    return new Builder();
  }

  public EngineIoOptions options() {
    return options;
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

  /** Collects an endpoint's options and callbacks. */
  public static final class Builder {
    private EngineIoOptions options = EngineIoOptions.DEFAULTS;
    private OpenHandler onOpen = connection -> {};
    private TextHandler onText = (connection, text) -> {};
    private BinaryHandler onBinary = (connection, data) -> {};
    private CloseHandler onClose = (connection, reason) -> {};

    private Builder() {}

    public Builder options(EngineIoOptions value) {
      this.options = Objects.requireNonNull(value);
      return this;
    }

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

    public EngineIoEndpoint build() {
      return new EngineIoEndpoint(this);
    }
  }
}
