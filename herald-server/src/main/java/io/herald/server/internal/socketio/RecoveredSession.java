package io.herald.server.internal.socketio;

import io.herald.protocol.Offset;
import java.util.Map;

/**
 * What a reconnecting client gets back through connection state recovery.
 *
 * @param socketId the socket id it had
 * @param pid its private session id (kept for the next recovery)
 * @param data the socket's {@code data}
 * @param rooms each room (key {@code ""}: the namespace itself) with the offset of the last message
 *     of its channel the client received; replay starts after it
 */
record RecoveredSession(
    String socketId, String pid, Map<String, Object> data, Map<String, Offset> rooms) {}
