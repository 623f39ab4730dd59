package io.herald.server.internal.websocket;

import io.herald.server.internal.transport.EventLoopLane;
import io.herald.server.internal.transport.FrameSink;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The open connections of one application endpoint, grouped by event loop, so that a broadcast is
 * one queued task per loop writing one encoded frame to every connection there. Copy-on-write:
 * joins and leaves take the monitor and build new arrays; broadcasts read a snapshot without
 * locking.
 */
final class EndpointMembers {
  private record Group(EventLoopLane lane, FrameSink[] sinks) {}

  private volatile Group[] groups = new Group[0];

  synchronized void add(EventLoopLane lane, FrameSink sink) {
    Group[] current = groups;
    for (int i = 0; i < current.length; i++) {
      if (current[i].lane() == lane) {
        FrameSink[] sinks = Arrays.copyOf(current[i].sinks(), current[i].sinks().length + 1);
        sinks[sinks.length - 1] = sink;
        Group[] next = current.clone();
        next[i] = new Group(lane, sinks);
        groups = next;
        return;
      }
    }
    Group[] next = Arrays.copyOf(current, current.length + 1);
    next[current.length] = new Group(lane, new FrameSink[] {sink});
    groups = next;
  }

  synchronized void remove(EventLoopLane lane, FrameSink sink) {
    Group[] current = groups;
    for (int i = 0; i < current.length; i++) {
      if (current[i].lane() != lane) {
        continue;
      }
      FrameSink[] sinks =
          Arrays.stream(current[i].sinks()).filter(s -> s != sink).toArray(FrameSink[]::new);
      if (sinks.length == current[i].sinks().length) {
        return;
      }
      if (sinks.length == 0) {
        Group[] next = new Group[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        groups = next;
      } else {
        Group[] next = current.clone();
        next[i] = new Group(lane, sinks);
        groups = next;
      }
      return;
    }
  }

  /**
   * Sends {@code frame} to every member but {@code except}; takes over the frame's reference. From
   * any thread.
   */
  void broadcast(ByteBuf frame, FrameSink except) {
    try {
      for (Group group : groups) {
        group.lane().broadcast(frame.retain(), group.sinks(), except);
      }
    } finally {
      frame.release();
    }
  }
}
