package io.herald.protocol;

/**
 * The JSON object of a message, the same on every transport (docs/protocol.md, "The message
 * object"): {@code {"channel":…,"offset":…,"event":…,"time":…,"data":…}}. Pure functions.
 */
public final class MessageJson {
  private MessageJson() {}

  /** The message object alone, as used in SSE {@code data:} lines and poll responses. */
  public static byte[] envelope(
      String channel, Offset offset, String event, long time, JsonData data) {
    ByteWriter out = new ByteWriter(64 + data.size() + channel.length() + event.length());
    out.ascii("{");
    fields(out, channel, offset, event, time, data);
    return out.toBytes();
  }

  /** The message as a Herald WebSocket frame: the message object with {@code "type":"message"}. */
  public static byte[] frame(
      String channel, Offset offset, String event, long time, JsonData data) {
    ByteWriter out = new ByteWriter(80 + data.size() + channel.length() + event.length());
    out.ascii("{\"type\":\"message\",");
    fields(out, channel, offset, event, time, data);
    return out.toBytes();
  }

  static void fields(
      ByteWriter out, String channel, Offset offset, String event, long time, JsonData data) {
    out.ascii("\"channel\":").jsonString(channel);
    out.ascii(",\"offset\":\"").ascii(offset.epoch()).ascii(":").number(offset.seq());
    out.ascii("\",\"event\":").jsonString(event);
    out.ascii(",\"time\":").number(time);
    out.ascii(",\"data\":").bytes(data.bytes()).ascii("}");
  }
}
