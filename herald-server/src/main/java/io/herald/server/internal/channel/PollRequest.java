package io.herald.server.internal.channel;

import io.herald.core.ChannelEngine;
import io.herald.core.DeliveryLane;
import io.herald.core.Fanout;
import io.herald.core.HistoryRead;
import io.herald.core.Message;
import io.herald.core.Subscriber;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.Cursor;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.Offset;
import io.herald.protocol.PollJson;
import io.herald.server.internal.HeraldMetrics;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.HttpResponses;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One poll (docs/protocol.md, "Polling"): answers with the messages after the request's cursor;
 * when there are none and {@code wait} is set, holds the request as a subscriber of its channels
 * until a message arrives or the wait ends. Messages are grouped by channel, in the request's
 * channel order, each channel's in offset order. A waiting poll of one channel is answered with a
 * body encoded once for all such polls.
 *
 * <p>Confined to the connection's event loop. Not counted in presence.
 */
final class PollRequest implements Subscriber {
  private final ServerContext server;
  private final ChannelEngine engine;
  private final HttpExchange exchange;
  private final List<String> channels;
  private final Offset[] positions;
  private final long waitMillis;
  private final DeliveryLane lane;
  private boolean recovered = true;
  private boolean waiting;
  private boolean done;
  private ScheduledFuture<?> timeout;

  PollRequest(
      ServerContext server, HttpExchange exchange, ChannelRequest request, long waitMillis) {
    this.server = server;
    this.engine = server.engine();
    this.exchange = exchange;
    this.channels = request.channels();
    this.positions = request.cursor().positions().toArray(new Offset[0]);
    this.waitMillis = waitMillis;
    this.lane = server.loops().of(exchange.context().channel()).lane();
  }

  /** Reads (and, for a long poll, first subscribes). On the event loop. */
  void start() {
    exchange.suspend();
    exchange.onClose(this::finish);
    exchange.onShutdown(this::release);
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<HistoryRead>[] reads = new CompletableFuture[channels.size()];
    waiting = waitMillis > 0;
    for (int i = 0; i < reads.length; i++) {
      String channel = channels.get(i);
      reads[i] =
          (waiting
                  ? engine.subscribe(channel, this, positions[i])
                  : engine.history(channel, positions[i]))
              .toCompletableFuture();
    }
    CompletableFuture.allOf(reads)
        .whenComplete((all, failure) -> exchange.loop().execute(() -> read(reads, failure)));
  }

  private void read(CompletableFuture<HistoryRead>[] reads, Throwable failure) {
    if (done) {
      return;
    }
    if (failure != null) {
      finish();
      exchange.error(ErrorCode.INTERNAL_ERROR, "history could not be read");
      return;
    }
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < reads.length; i++) {
      HistoryRead read = reads[i].join();
      recovered &= read.recovered();
      messages.addAll(read.messages());
      positions[i] = read.top();
    }
    if (!messages.isEmpty() || !recovered || !waiting) {
      respond(body(messages));
      return;
    }
    server.metrics().opened(HeraldMetrics.Transport.POLL);
    timeout =
        exchange.loop().schedule(() -> respond(body(List.of())), waitMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public DeliveryLane lane() {
    return lane;
  }

  @Override
  public ClientInfo client() {
    return null;
  }

  @Override
  public boolean presenceEvents() {
    return false;
  }

  @Override
  public void deliver(Fanout fanout) {
    if (done || timeout == null || !(fanout.event() instanceof Message message)) {
      return;
    }
    int index = channels.indexOf(message.channel());
    if (index < 0 || positions[index].covers(message.offset())) {
      return;
    }
    if (channels.size() == 1) {
      ByteBuf body = fanout.encoded(Formats.POLL_SINGLE);
      respond(json(body.retainedDuplicate()));
    } else {
      respond(body(List.of(message)));
    }
  }

  /** Answers a waiting poll with no messages (server shutdown). */
  void release() {
    if (!done) {
      respond(body(List.of()));
    }
  }

  private byte[] body(List<Message> messages) {
    List<byte[]> envelopes = new ArrayList<>(messages.size());
    for (Message message : messages) {
      envelopes.add(Formats.envelope(message));
      int index = channels.indexOf(message.channel());
      positions[index] = message.offset();
    }
    return PollJson.response(envelopes, Cursor.of(Arrays.asList(positions)), recovered);
  }

  private void respond(byte[] body) {
    respond(HttpResponses.json(HttpResponseStatus.OK, body));
  }

  private void respond(FullHttpResponse response) {
    finish();
    exchange.respond(response);
  }

  private static FullHttpResponse json(ByteBuf body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    return response;
  }

  /** Stops waiting: unsubscribes and cancels the timer. Idempotent. */
  private void finish() {
    if (done) {
      return;
    }
    done = true;
    if (timeout != null) {
      timeout.cancel(false);
      server.metrics().closed(HeraldMetrics.Transport.POLL);
    }
    if (waiting) {
      for (String channel : channels) {
        engine.unsubscribe(channel, this);
      }
    }
  }
}
