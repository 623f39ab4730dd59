package io.herald.server.internal.socketio;

import io.herald.protocol.Offset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The channel offsets written to one socket, in the order written, for connection state recovery. A
 * reconnecting client names the last offset it received; since a connection delivers in order,
 * every message written before that one arrived and none after it did, so the log tells the
 * socket's position in each of its rooms' channels at that moment. Keeps the last {@value
 * #CAPACITY} writes (positions of older ones fold into a base); grows only when written to.
 * Confined to the socket's event loop.
 */
final class SendLog {
  static final int CAPACITY = 1024;

  private String[] channels = new String[0];
  private Offset[] offsets = new Offset[0];
  private int start;
  private int size;
  private final Map<String, Offset> base = new HashMap<>();

  /** The socket is in {@code channel} from {@code position} on (it joined, or was restored). */
  void joined(String channel, Offset position) {
    base.putIfAbsent(channel, position);
  }

  /** A message of {@code channel} at {@code offset} was written to the socket. */
  void written(String channel, Offset offset) {
    if (size == channels.length) {
      if (size < CAPACITY) {
        grow();
      } else {
        // Full: the oldest entry becomes part of the base positions.
        base.put(channels[start], offsets[start]);
        start = (start + 1) % CAPACITY;
        size--;
      }
    }
    int slot = (start + size) % channels.length;
    channels[slot] = channel;
    offsets[slot] = offset;
    size++;
  }

  /**
   * The socket's position in each of {@code rooms} when the message at {@code received} was
   * written, or {@code null} when that message is not in the log (too old, or never written).
   */
  Map<String, Offset> positionsAt(String received, Set<String> rooms) {
    int at = -1;
    for (int i = size - 1; i >= 0; i--) {
      if (offsets[(start + i) % channels.length].toString().equals(received)) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return null;
    }
    Map<String, Offset> positions = new HashMap<>();
    for (String room : rooms) {
      Offset position = base.get(room);
      for (int i = at; i >= 0; i--) {
        int slot = (start + i) % channels.length;
        if (channels[slot].equals(room)) {
          position = offsets[slot];
          break;
        }
      }
      positions.put(room, position);
    }
    return positions;
  }

  private void grow() {
    int capacity = Math.min(CAPACITY, Math.max(16, channels.length * 2));
    String[] newChannels = new String[capacity];
    Offset[] newOffsets = new Offset[capacity];
    for (int i = 0; i < size; i++) {
      int slot = (start + i) % channels.length;
      newChannels[i] = channels[slot];
      newOffsets[i] = offsets[slot];
    }
    channels = newChannels;
    offsets = newOffsets;
    start = 0;
  }
}
