package io.herald.protocol.socketio;

/**
 * Limits the Socket.IO decoder enforces on untrusted packets.
 *
 * @param maxAttachments most binary attachments one packet may announce (default 10, as Node's
 *     {@code socket.io-parser})
 */
public record SocketIoLimits(int maxAttachments) {
  public static final SocketIoLimits DEFAULTS = new SocketIoLimits(10);

  public SocketIoLimits {
    if (maxAttachments < 0) {
      throw new IllegalArgumentException("maxAttachments must not be negative");
    }
  }
}
