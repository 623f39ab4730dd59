package io.herald.server.internal.channel;

import io.herald.protocol.Cursor;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.Names;
import io.herald.protocol.ProtocolException;
import io.herald.server.LimitOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The channels and position an SSE or poll request names: {@code channel} (repeatable), a cursor,
 * and whether presence events are wanted.
 */
record ChannelRequest(List<String> channels, Cursor cursor, boolean presence) {
  /**
   * Parses and validates the query.
   *
   * @param position the cursor text ({@code Last-Event-ID} or {@code since}), or {@code null}
   * @throws ProtocolException describing the first problem found
   */
  static ChannelRequest parse(
      Map<String, List<String>> query, String position, LimitOptions limits) {
    List<String> channels = query.get("channel");
    if (channels == null || channels.isEmpty()) {
      throw new ProtocolException(
          ErrorCode.INVALID_CHANNEL, "name at least one channel: ?channel=NAME");
    }
    if (channels.size() > limits.maxChannelsPerRequest()) {
      throw new ProtocolException(
          ErrorCode.TOO_MANY_CHANNELS,
          "at most " + limits.maxChannelsPerRequest() + " channels per request");
    }
    HashSet<String> seen = new HashSet<>();
    for (String channel : channels) {
      Names.channel(channel, limits.maxChannelNameLength());
      if (!seen.add(channel)) {
        throw new ProtocolException(
            ErrorCode.INVALID_PARAMETER, "channel '" + channel + "' is named twice");
      }
    }
    Cursor cursor = Cursor.parse(position, channels.size());
    return new ChannelRequest(List.copyOf(channels), cursor, flag(query, "presence"));
  }

  private static boolean flag(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return false;
    }
    return switch (values.get(0)) {
      case "true", "1", "" -> true;
      case "false", "0" -> false;
      default ->
          throw new ProtocolException(
              ErrorCode.INVALID_PARAMETER, "'" + name + "' must be true or false");
    };
  }
}
