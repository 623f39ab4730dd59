package io.herald.server.internal.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.ChannelEngine;
import io.herald.core.DeliveryLane;
import io.herald.core.Fanout;
import io.herald.core.HistoryRead;
import io.herald.core.Message;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.Cursor;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.Json;
import io.herald.protocol.Offset;
import io.herald.protocol.SseFormat;
import io.herald.server.internal.HeraldMetrics;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.Expiry;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.SseStream;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One SSE stream over one or more channels. Subscribes first, reads each channel's history after
 * the request's cursor, then answers: the response head (with {@code X-Herald-Recovered}), a {@code
 * retry:} hint, a {@code herald.subscribed} event carrying the starting cursor as its id, the
 * replayed messages, and from then on live ones. A stream of one channel sends each event as one
 * shared pre-encoded chunk; a stream of several writes its own cursor as the id line before the
 * shared event body.
 *
 * <p>Confined to the connection's event loop.
 */
final class SseSession {
  private final ServerContext server;
  private final ChannelEngine engine;
  private final HttpExchange exchange;
  private final SseStream stream;
  private final Offset[] positions;
  private final Member[] members;
  private final Instant expiresAt;
  private ScheduledFuture<?> expiryTimer;
  private boolean started;
  private boolean closed;

  /**
   * @param expiresAt when the client's credentials expire and the stream ends, or {@code null}
   */
  SseSession(
      ServerContext server,
      HttpExchange exchange,
      ClientInfo client,
      ChannelRequest request,
      Instant expiresAt) {
    this.server = server;
    this.expiresAt = expiresAt;
    this.engine = server.engine();
    this.exchange = exchange;
    var loop = server.loops().of(exchange.context().channel());
    this.stream =
        new SseStream(
            loop,
            server.config().sse().keepAlive().toNanos(),
            server.config().server().slowConsumerLimit());
    int n = request.channels().size();
    this.positions = new Offset[n];
    this.members = new Member[n];
    for (int i = 0; i < n; i++) {
      positions[i] = request.cursor().get(i);
      members[i] =
          new Member(i, request.channels().get(i), client, request.presence(), loop.lane());
    }
  }

  /** Subscribes every channel and answers once their histories are read. On the event loop. */
  void start() {
    exchange.suspend();
    exchange.onClose(this::close);
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<HistoryRead>[] reads = new CompletableFuture[members.length];
    for (int i = 0; i < members.length; i++) {
      reads[i] =
          engine.subscribe(members[i].channel, members[i], positions[i]).toCompletableFuture();
    }
    CompletableFuture.allOf(reads)
        .whenComplete(
            (done, failure) ->
                exchange
                    .loop()
                    .execute(
                        () -> {
                          if (closed) {
                            return;
                          }
                          if (failure != null) {
                            close();
                            exchange.error(ErrorCode.INTERNAL_ERROR, "history could not be read");
                            return;
                          }
                          open(reads);
                        }));
  }

  private void open(CompletableFuture<HistoryRead>[] reads) {
    HistoryRead[] read = new HistoryRead[reads.length];
    boolean recovered = true;
    for (int i = 0; i < reads.length; i++) {
      read[i] = reads[i].join();
      recovered &= read[i].recovered();
      positions[i] = read[i].start();
    }
    stream.start(exchange, Map.of("X-Herald-Recovered", Boolean.toString(recovered)), this::close);
    started = true;
    server.metrics().opened(HeraldMetrics.Transport.SSE);
    long retry = server.config().sse().retry().toMillis();
    write(SseFormat.retry(retry));
    write(SseFormat.event(cursor(), "herald.subscribed", subscribed(read, recovered)));
    for (int i = 0; i < members.length; i++) {
      for (Message message : read[i].messages()) {
        positions[i] = message.offset();
        String id = members.length == 1 ? message.offset().toString() : cursor();
        write(Formats.sseEvent(message, id));
      }
      positions[i] = read[i].top();
      members[i].replayed(read[i].top());
    }
    stream.flush();
    if (expiresAt != null && !closed) {
      expiryTimer = Expiry.schedule(exchange.loop(), expiresAt, this::expire);
    }
  }

  /** The credentials expired: tell the client why, then end the stream. */
  private void expire() {
    if (closed) {
      return;
    }
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.put("error", ErrorCode.TOKEN_EXPIRED.code());
    data.put("message", "token expired: reconnect with a fresh token");
    write(SseFormat.event(null, "herald.error", data.toString().getBytes(StandardCharsets.UTF_8)));
    stream.flush();
    stream.end();
  }

  private byte[] subscribed(HistoryRead[] read, boolean recovered) {
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.put("recovered", recovered);
    ArrayNode channels = data.putArray("channels");
    for (int i = 0; i < read.length; i++) {
      ObjectNode channel = channels.addObject();
      channel.put("channel", members[i].channel);
      channel.put("offset", read[i].top().toString());
      channel.put("recovered", read[i].recovered());
      channel.put("replayed", read[i].messages().size());
    }
    return data.toString().getBytes(StandardCharsets.UTF_8);
  }

  private String cursor() {
    return Cursor.of(Arrays.asList(positions)).toString();
  }

  private void write(byte[] event) {
    stream.write(SseStream.chunk(ByteBufAllocator.DEFAULT, event));
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (expiryTimer != null) {
      expiryTimer.cancel(false);
    }
    for (Member member : members) {
      member.cancel();
      engine.unsubscribe(member.channel, member);
    }
    if (started) {
      server.metrics().closed(HeraldMetrics.Transport.SSE);
    }
  }

  /** The subscription of one channel of the stream. */
  private final class Member extends HeldBackSubscriber {
    private final int index;
    private final String channel;

    Member(
        int index, String channel, ClientInfo client, boolean presenceEvents, DeliveryLane lane) {
      super(lane, client, presenceEvents);
      this.index = index;
      this.channel = channel;
    }

    @Override
    protected void write(Fanout fanout) {
      if (!(fanout.event() instanceof Message message)) {
        stream.write(fanout.encoded(Formats.SSE_WITHOUT_ID).retainedDuplicate());
        return;
      }
      positions[index] = message.offset();
      if (members.length == 1) {
        stream.write(fanout.encoded(Formats.SSE_WITH_ID).retainedDuplicate());
      } else {
        byte[] idLine = ("id: " + cursor() + "\n").getBytes(StandardCharsets.US_ASCII);
        stream.write(SseStream.chunk(ByteBufAllocator.DEFAULT, idLine));
        stream.write(fanout.encoded(Formats.SSE_WITHOUT_ID).retainedDuplicate());
      }
    }
  }
}
