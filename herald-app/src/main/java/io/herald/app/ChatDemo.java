package io.herald.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.ChannelEngine;
import io.herald.core.Message;
import io.herald.protocol.Offset;
import io.herald.server.Herald;
import io.herald.server.socketio.Ack;
import io.herald.server.socketio.Arguments;
import io.herald.server.socketio.Namespace;
import io.herald.server.socketio.RemoteSocket;
import io.herald.server.socketio.Socket;
import io.herald.server.socketio.SocketIoException;
import io.herald.server.socketio.SocketIoServer;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat demo's server side, on the official Socket.IO client (namespace {@code /chat}, page
 * {@code chat.html}).
 *
 * <p>A client connects with {@code auth: {nickname}} and sends {@code join(room, ack)}, {@code
 * message(text, ack)} and {@code typing(boolean)}. Every acknowledgement is an object: {@code {ok:
 * true, …}} or {@code {ok: false, error: "why"}}. The server sends {@code message} {@code {room,
 * nickname, text, time}}, {@code notice} {@code {room, kind: "joined"|"left", nickname, time}},
 * {@code typing} {@code {room, nickname, typing}} and {@code members} {@code {room, nicknames}}.
 * Messages and notices are room broadcasts, so they are kept in the room's channel history, which a
 * joining client gets in its acknowledgement.
 *
 * <p>Handlers run on each socket's virtual thread, one at a time, so the per-socket state needs no
 * lock; they block briefly on history and socket look-ups. Member lists are read and sent under one
 * lock, so that they arrive in the order they were read.
 */
final class ChatDemo {
  static final String NAMESPACE = "/chat";

  private static final Logger log = LoggerFactory.getLogger(ChatDemo.class);
  private static final Pattern ROOM = Pattern.compile("[a-z0-9-]{1,32}");
  private static final int MAX_NICKNAME = 24;
  private static final int MAX_TEXT = 500;
  private static final int HISTORY_EVENTS = 50;
  private static final Set<String> HISTORY_KINDS = Set.of("message", "notice");
  private static final long LOOKUP_SECONDS = 5;

  // Typing chatter would push real messages out of a room's 100-message history, so it goes to a
  // companion room that every member of the chat room also joins: "<room>:typing", which no chat
  // room can be called (':' is not allowed in room names). Unlike local(), this still reaches the
  // members on other nodes once Herald runs as a cluster; its own short history is never read.
  private static final String TYPING_SUFFIX = ":typing";

  private final Supplier<Herald> herald;

  // A member list is read and sent under this lock, so that the lists reach every socket in the
  // order they were read: a list read before another member joined can never arrive last.
  private final ReentrantLock membership = new ReentrantLock();

  /**
   * @param herald the running server (for the rooms' history); available once started
   */
  ChatDemo(Supplier<Herald> herald) {
    this.herald = herald;
  }

  /** Registers the {@code /chat} namespace. */
  void install(SocketIoServer io) {
    Namespace chat = io.of(NAMESPACE);
    chat.use(socket -> socket.data().put("nickname", nickname(socket.handshake().auth())));
    chat.onConnection(socket -> new Member(chat, socket).listen());
  }

  /**
   * The nickname from the CONNECT packet's {@code auth}: trimmed, 1–24 characters, no control
   * characters.
   *
   * @throws SocketIoException (the client's {@code connect_error}) when it is missing or invalid
   */
  static String nickname(JsonNode auth) {
    JsonNode value = auth.path("nickname");
    if (!value.isTextual() || value.textValue().isBlank()) {
      throw new SocketIoException("Choose a nickname (auth.nickname is missing or empty).");
    }
    String nickname = value.textValue().strip();
    int length = nickname.codePointCount(0, nickname.length());
    if (length > MAX_NICKNAME) {
      throw new SocketIoException(
          "A nickname is at most " + MAX_NICKNAME + " characters; this one has " + length + ".");
    }
    if (nickname.chars().anyMatch(Character::isISOControl)) {
      throw new SocketIoException("A nickname cannot contain control characters.");
    }
    return nickname;
  }

  /** The room named by the first argument, or {@code null} when it is not a valid room name. */
  static String roomName(Arguments args) {
    if (args.isEmpty() || !args.get(0).isTextual()) {
      return null;
    }
    String room = args.text(0);
    return ROOM.matcher(room).matches() ? room : null;
  }

  /**
   * The message text of the first argument (trimmed, 1–500 characters, no control characters but
   * line breaks and tabs), or {@code null} when it is not one.
   */
  static String messageText(Arguments args) {
    if (args.isEmpty() || !args.get(0).isTextual()) {
      return null;
    }
    String text = args.text(0).strip();
    int length = text.codePointCount(0, text.length());
    boolean control =
        text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t');
    return length < 1 || length > MAX_TEXT || control ? null : text;
  }

  /** A Socket.IO room R of namespace {@code /chat} is Herald channel {@code /chat#R}. */
  private static String channel(String room) {
    return NAMESPACE + "#" + room;
  }

  private static String typingRoom(String room) {
    return room + TYPING_SUFFIX;
  }

  private static Refused refused(String error) {
    return new Refused(false, error);
  }

  /** One connected socket of {@code /chat}: its handlers and its current room. */
  private final class Member {
    private final Namespace chat;
    private final Socket socket;
    private final String nickname;
    // Written and read by this socket's handlers only, which run one at a time, possibly on
    // different virtual threads: volatile for visibility.
    private volatile String room;
    private volatile boolean typing;

    Member(Namespace chat, Socket socket) {
      this.chat = chat;
      this.socket = socket;
      this.nickname = (String) socket.data().get("nickname");
    }

    void listen() {
      socket.on("join", this::join);
      socket.on("message", this::message);
      socket.on("typing", this::typing);
      socket.onDisconnecting(reason -> leave(room));
    }

    private void join(Arguments args, Ack ack) {
      String next = roomName(args);
      if (next == null) {
        ack.send(refused("A room name is 1 to 32 characters from a-z, 0-9 and '-'."));
        return;
      }
      if (next.equals(room)) {
        // Asked again (a client re-synchronising): answer, without announcing anything.
        List<HistoryEntry> history = history(next);
        membership.lock();
        try {
          ack.send(new Joined(true, next, history, members(next, null)));
        } finally {
          membership.unlock();
        }
        return;
      }
      String previous = room;
      if (previous != null) {
        socket.leave(previous);
        socket.leave(typingRoom(previous));
        leave(previous);
      }
      socket.join(next, typingRoom(next));
      room = next;
      // Joined before reading: a message published meanwhile is in both the history and the
      // live stream (the page drops the duplicate) rather than in neither.
      List<HistoryEntry> history = history(next);
      membership.lock();
      try {
        List<String> members = members(next, null);
        ack.send(new Joined(true, next, history, members));
        announceMembers(next, members);
      } finally {
        membership.unlock();
      }
      chat.to(next)
          .emit("notice", new Notice(next, "joined", nickname, System.currentTimeMillis()));
    }

    private void message(Arguments args, Ack ack) {
      String current = room;
      if (current == null) {
        ack.send(refused("Join a room first."));
        return;
      }
      String text = messageText(args);
      if (text == null) {
        ack.send(
            refused(
                "A message is 1 to " + MAX_TEXT + " characters of text (no control characters)."));
        return;
      }
      chat.to(current)
          .emit("message", new Posted(current, nickname, text, System.currentTimeMillis()));
      ack.send(new Ok(true));
    }

    private void typing(Arguments args, Ack ack) {
      String current = room;
      if (args.isEmpty() || !args.get(0).isBoolean()) {
        ack.send(refused("typing takes true or false."));
        return;
      }
      if (current == null) {
        ack.send(refused("Join a room first."));
        return;
      }
      boolean now = args.get(0).booleanValue();
      if (now != typing) {
        typing = now;
        sendTyping(current, now);
      }
      ack.send(new Ok(true));
    }

    /**
     * Tells {@code left} that this member is gone (on a room switch, after leaving it, or while
     * disconnecting); nothing when {@code left} is null.
     */
    private void leave(String left) {
      if (left == null) {
        return;
      }
      if (typing) {
        typing = false;
        sendTyping(left, false);
      }
      chat.to(left).emit("notice", new Notice(left, "left", nickname, System.currentTimeMillis()));
      // Without this socket: while disconnecting it may still be listed in its rooms.
      membership.lock();
      try {
        announceMembers(left, members(left, socket.id()));
      } finally {
        membership.unlock();
      }
    }

    private void sendTyping(String target, boolean value) {
      socket.to(typingRoom(target)).volatile_().emit("typing", new Typing(target, nickname, value));
    }

    /**
     * The member list goes to this node's sockets directly (local()): it is state, not
     * conversation, so it must not take room in the history, and fetchSockets() sees this node's
     * sockets only anyway.
     */
    private void announceMembers(String target, List<String> members) {
      chat.to(target).local().emit("members", new Members(target, members));
    }

    /**
     * The nicknames in {@code target}, sorted, each once (a nickname may have several tabs),
     * leaving out the socket {@code without} (or none when null).
     */
    private List<String> members(String target, String without) {
      try {
        List<RemoteSocket> sockets =
            chat.in(target)
                .fetchSockets()
                .toCompletableFuture()
                .get(LOOKUP_SECONDS, TimeUnit.SECONDS);
        return sockets.stream()
            .filter(s -> !s.id().equals(without))
            .map(s -> s.data().get("nickname"))
            .filter(String.class::isInstance)
            .map(String.class::cast)
            .distinct()
            .sorted(String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder()))
            .toList();
      } catch (Exception e) {
        log.warn("could not list the members of chat room {}", target, e);
        return List.of();
      }
    }

    /** The last 50 messages and notices the room's channel history still holds, oldest first. */
    private List<HistoryEntry> history(String target) {
      Herald running = herald.get();
      if (running == null) {
        return List.of(); // not started yet: nothing can have been said
      }
      ChannelEngine engine = running.engine();
      String name = channel(target);
      try {
        Offset top =
            engine
                .history(name, null)
                .toCompletableFuture()
                .get(LOOKUP_SECONDS, TimeUnit.SECONDS)
                .top();
        if (top.seq() == 0) {
          return List.of();
        }
        // From epoch:0, the read returns everything the history still holds of this epoch.
        List<HistoryEntry> entries =
            engine
                .history(name, new Offset(top.epoch(), 0))
                .toCompletableFuture()
                .get(LOOKUP_SECONDS, TimeUnit.SECONDS)
                .messages()
                .stream()
                .filter(m -> HISTORY_KINDS.contains(m.event()))
                .map(HistoryEntry::of)
                .toList();
        return entries.subList(Math.max(0, entries.size() - HISTORY_EVENTS), entries.size());
      } catch (Exception e) {
        log.warn("could not read the history of chat room {}", target, e);
        return List.of();
      }
    }
  }

  /** Acknowledges a request that went through. */
  record Ok(boolean ok) {}

  /** Acknowledges a request that was refused, and says why. */
  record Refused(boolean ok, String error) {}

  /** Acknowledges {@code join}: the room's recent history and who is in it. */
  record Joined(boolean ok, String room, List<HistoryEntry> history, List<String> members) {}

  /** One message or notice of a room's history, as the page renders it. */
  record HistoryEntry(String event, JsonNode data, long time) {
    static HistoryEntry of(Message message) {
      return new HistoryEntry(message.event(), message.data().toTree(), message.time());
    }
  }

  /** A chat message, sent to the whole room (sender included). */
  record Posted(String room, String nickname, String text, long time) {}

  /** Someone joined or left a room. */
  record Notice(String room, String kind, String nickname, long time) {}

  /** Someone started or stopped typing. */
  record Typing(String room, String nickname, boolean typing) {}

  /** Who is in a room now. */
  record Members(String room, List<String> nicknames) {}
}
