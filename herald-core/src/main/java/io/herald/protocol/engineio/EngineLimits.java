package io.herald.protocol.engineio;

/**
 * Limits the Engine.IO codec enforces on untrusted HTTP long-polling bodies.
 *
 * @param maxPayloadBytes largest polling body, in UTF-8 bytes (default 1,000,000, as Node's {@code
 *     maxHttpBufferSize})
 * @param maxPackets most packets in one body (default 1024)
 */
public record EngineLimits(int maxPayloadBytes, int maxPackets) {
  public static final EngineLimits DEFAULTS = new EngineLimits(1_000_000, 1024);

  public EngineLimits {
    if (maxPayloadBytes < 1 || maxPackets < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
