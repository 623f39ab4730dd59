package io.herald.protocol.engineio;

import java.util.Arrays;
import java.util.Objects;

/**
 * An Engine.IO packet: a type with a text payload (possibly empty) or, for {@link
 * EnginePacketType#MESSAGE} only, a binary payload. Exactly one of {@code text} and {@code binary}
 * is non-null. The binary array is copied on construction; {@link #binary()} returns that copy,
 * which is shared and must not be modified. Equality compares the binary payload by content.
 *
 * @param type the packet type
 * @param text the text payload, or {@code null} for a binary packet
 * @param binary the binary payload, or {@code null} for a text packet
 */
public record EnginePacket(EnginePacketType type, String text, byte[] binary) {
  public EnginePacket {
    Objects.requireNonNull(type, "type");
    if ((text == null) == (binary == null)) {
      throw new IllegalArgumentException("a packet has either a text or a binary payload");
    }
    if (binary != null) {
      if (type != EnginePacketType.MESSAGE) {
        throw new IllegalArgumentException("only a MESSAGE packet can carry binary data");
      }
      binary = binary.clone();
    }
  }

  /** A text packet; {@code text} may be empty (as in a bare {@code 2} ping). */
  public static EnginePacket text(EnginePacketType type, String text) {
    return new EnginePacket(type, Objects.requireNonNull(text, "text"), null);
  }

  /** A binary {@link EnginePacketType#MESSAGE} holding a copy of {@code data}. */
  public static EnginePacket binary(byte[] data) {
    return new EnginePacket(EnginePacketType.MESSAGE, null, Objects.requireNonNull(data, "data"));
  }

  /** Whether the payload is binary. */
  public boolean isBinary() {
    return binary != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnginePacket other
        && type == other.type
        && Objects.equals(text, other.text)
        && Arrays.equals(binary, other.binary);
  }

  @Override
  public int hashCode() {
    return (type.hashCode() * 31 + Objects.hashCode(text)) * 31 + Arrays.hashCode(binary);
  }

  @Override
  public String toString() {
    return binary == null
        ? "EnginePacket[" + type + " text=" + text + "]"
        : "EnginePacket[" + type + " binary=" + binary.length + " bytes]";
  }
}
