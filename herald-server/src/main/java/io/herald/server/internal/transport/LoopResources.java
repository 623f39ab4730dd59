package io.herald.server.internal.transport;

/** What each event loop owns: its delivery lane and its heartbeat sweeper. */
public record LoopResources(EventLoopLane lane, Heartbeats heartbeats) {}
