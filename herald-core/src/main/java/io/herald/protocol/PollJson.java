package io.herald.protocol;

import java.util.List;

/**
 * The body of a poll response (docs/protocol.md, "Polling"): {@code
 * {"messages":[…],"next":"CURSOR","recovered":true}}. Pure functions.
 */
public final class PollJson {
  private PollJson() {}

  /**
   * @param envelopes the messages, each as encoded by {@link MessageJson#envelope}
   * @param next the cursor to poll from next
   * @param recovered whether the history reached back to the cursor asked for
   */
  public static byte[] response(List<byte[]> envelopes, Cursor next, boolean recovered) {
    int size = 64;
    for (byte[] envelope : envelopes) {
      size += envelope.length + 1;
    }
    ByteWriter out = new ByteWriter(size);
    out.ascii("{\"messages\":[");
    for (int i = 0; i < envelopes.size(); i++) {
      if (i > 0) {
        out.ascii(",");
      }
      out.bytes(envelopes.get(i));
    }
    out.ascii("],\"next\":\"").ascii(next.toString()).ascii("\",\"recovered\":");
    return out.ascii(recovered ? "true" : "false").ascii("}").toBytes();
  }
}
