package io.herald.server.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The {@link LoopResources} of every event loop of the server's group; immutable once built. */
public final class Loops {
  private final Map<EventLoop, LoopResources> resources = new IdentityHashMap<>();

  /**
   * Creates a lane and a heartbeat sweeper on every loop of {@code group}.
   *
   * @param sweepMillis period of the heartbeat sweep
   */
  public Loops(EventLoopGroup group, long sweepMillis) {
    for (EventExecutor executor : group) {
      EventLoop loop = (EventLoop) executor;
      resources.put(
          loop, new LoopResources(new EventLoopLane(loop), new Heartbeats(loop, sweepMillis)));
    }
  }

  /** The resources of the loop {@code channel} is registered on. */
  public LoopResources of(Channel channel) {
    LoopResources found = resources.get(channel.eventLoop());
    if (found == null) {
      throw new IllegalStateException("channel is not on a loop of this server");
    }
    return found;
  }

  public List<EventLoopLane> lanes() {
    List<EventLoopLane> lanes = new ArrayList<>();
    resources.values().forEach(r -> lanes.add(r.lane()));
    return lanes;
  }

  /** Stops every heartbeat sweep. */
  public void stop() {
    resources.values().forEach(r -> r.heartbeats().stop());
  }
}
