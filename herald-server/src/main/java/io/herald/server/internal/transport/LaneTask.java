package io.herald.server.internal.transport;

/** Work queued on an {@link EventLoopLane}; runs on the lane's event loop. */
interface LaneTask {
  void run(EventLoopLane lane);
}
