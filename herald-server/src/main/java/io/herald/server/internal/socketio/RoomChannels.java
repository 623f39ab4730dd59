package io.herald.server.internal.socketio;

/**
 * How Socket.IO rooms map to Herald channels: room R of the main namespace is channel R (so a
 * Socket.IO room {@code news} and a Herald channel {@code news} are the same thing); room R of
 * namespace N is channel {@code N#R}; every socket of namespace N is in channel {@code N#} (the
 * main namespace's is {@code /#}). Channel names that start with {@code /} and contain {@code #}
 * are therefore reserved for namespaces.
 */
final class RoomChannels {
  private RoomChannels() {}

  static String channel(String namespace, String room) {
    return namespace.equals("/") ? room : namespace + "#" + room;
  }

  /** The channel every socket of the namespace subscribes to ({@code io.emit} goes there). */
  static String namespaceChannel(String namespace) {
    return namespace + "#";
  }

  /** The namespace whose sockets a channel's messages go to. */
  static String namespaceOf(String channel) {
    if (channel.startsWith("/")) {
      int hash = channel.indexOf('#');
      if (hash > 0) {
        return channel.substring(0, hash);
      }
    }
    return "/";
  }
}
