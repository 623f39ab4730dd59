package io.herald.server.internal.transport;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One periodic sweep per event loop over that loop's long-lived connections (WebSocket pings and
 * timeouts, SSE keepalives), instead of a timer per connection. Confined to its event loop.
 */
public final class Heartbeats {
  /** A connection that wants a periodic tick. */
  public interface Member {
    /**
     * Called on the loop every sweep with the current {@link System#nanoTime()}; sends pings or
     * keepalives and closes the connection when its peer has been silent too long.
     */
    void beat(long now);

    /** Slot of this member in its sweeper; used by the sweeper only. */
    int heartbeatSlot();

    void heartbeatSlot(int slot);
  }

  private final ArrayList<Member> members = new ArrayList<>();
  private final ScheduledFuture<?> sweep;

  public Heartbeats(EventLoop loop, long periodMillis) {
    sweep =
        loop.scheduleAtFixedRate(this::sweep, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Adds a member; on the loop. */
  public void add(Member member) {
    if (member.heartbeatSlot() >= 0) {
      return;
    }
    member.heartbeatSlot(members.size());
    members.add(member);
  }

  /** Removes a member in constant time (the last member takes its slot); on the loop. */
  public void remove(Member member) {
    int slot = member.heartbeatSlot();
    if (slot < 0) {
      return;
    }
    Member last = members.remove(members.size() - 1);
    if (last != member) {
      members.set(slot, last);
      last.heartbeatSlot(slot);
    }
    member.heartbeatSlot(-1);
  }

  /** Number of members; on the loop. */
  public int size() {
    return members.size();
  }

  public void stop() {
    sweep.cancel(false);
  }

  private void sweep() {
    long now = System.nanoTime();
    // Iterate backwards: a member that closes removes itself and moves the last one into its
    // slot, which this loop has then already visited.
    for (int i = members.size() - 1; i >= 0; i--) {
      if (i < members.size()) {
        members.get(i).beat(now);
      }
    }
  }
}
