// A minimal broadcast server on Node's `ws`, the same-machine baseline for herald-bench.
//
// It speaks the part of Herald's /herald protocol (docs/protocol.md) that the load generator
// uses: a `connected` frame on open; subscribe -> `subscribed`; unsubscribe -> `unsubscribed`;
// publish -> `ack`, then one `message` frame to every subscriber of the channel; ping -> `pong`.
// No history, replay, presence or authentication: offsets are `<epoch>:<seq>` counters only.
// Each broadcast serialises the message once and hands the same Buffer to every subscriber's
// `send`, which is how `ws` itself recommends broadcasting.
//
// Usage: node herald-bench/node/ws-baseline.mjs --port 4100 [--host 127.0.0.1]
// Prints `ws-baseline listening on http://HOST:PORT/` once it accepts connections.
// `ws` is loaded from tests/browser/node_modules (no npm install of its own).

import { randomBytes } from 'node:crypto';
import { WebSocketServer } from '../../tests/browser/node_modules/ws/wrapper.mjs';

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const host = option('--host', '127.0.0.1');
const port = Number(option('--port', '4100'));
const MAX_MESSAGE = 1 << 20;
// Same policy as Herald's default slowConsumerLimit: past 4 MiB queued, close with 1013.
const SLOW_CONSUMER = 4 << 20;
const EPOCH = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x');

/** channel name -> { seq, subscribers: Set<WebSocket> } */
const channels = new Map();

function channelState(name) {
  let state = channels.get(name);
  if (!state) {
    state = { seq: 0, subscribers: new Set() };
    channels.set(name, state);
  }
  return state;
}

function reply(ws, frame) {
  ws.send(JSON.stringify(frame));
}

function error(ws, id, code, message) {
  reply(ws, { type: 'error', ...(id != null ? { id } : {}), code, message });
}

function validName(name) {
  return typeof name === 'string' && name.length >= 1 && name.length <= 200
    && !/["\\\u0000-\u001f\u007f-\u009f]/.test(name);
}

function handle(ws, request) {
  const id = Number.isInteger(request.id) ? request.id : null;
  const withId = (frame) => (id != null ? { type: frame.type, id, ...frame } : frame);
  switch (request.op) {
    case 'subscribe': {
      if (!validName(request.channel)) return error(ws, id, 'invalid_channel', 'bad channel name');
      if (ws.channels.has(request.channel)) {
        return error(ws, id, 'already_subscribed', `already subscribed to '${request.channel}'`);
      }
      const state = channelState(request.channel);
      state.subscribers.add(ws);
      ws.channels.add(request.channel);
      return reply(ws, withId({
        type: 'subscribed', channel: request.channel, offset: `${EPOCH}:${state.seq}`,
        recovered: true, replayed: 0,
      }));
    }
    case 'unsubscribe': {
      if (!ws.channels.delete(request.channel)) {
        return error(ws, id, 'not_subscribed', `not subscribed to '${request.channel}'`);
      }
      channels.get(request.channel)?.subscribers.delete(ws);
      return reply(ws, withId({ type: 'unsubscribed', channel: request.channel }));
    }
    case 'publish': {
      if (!validName(request.channel)) return error(ws, id, 'invalid_channel', 'bad channel name');
      const state = channelState(request.channel);
      state.seq += 1;
      const offset = `${EPOCH}:${state.seq}`;
      const frame = Buffer.from(JSON.stringify({
        type: 'message', channel: request.channel, offset, event: request.event ?? 'message',
        time: Date.now(), data: request.data ?? null,
      }));
      if (id != null) reply(ws, { type: 'ack', id, channel: request.channel, offset });
      for (const subscriber of state.subscribers) {
        if (subscriber.readyState !== 1) continue;
        if (subscriber.bufferedAmount > SLOW_CONSUMER) {
          subscriber.close(1013, 'slow consumer: reconnect and resume');
          continue;
        }
        subscriber.send(frame, { binary: false });
      }
      return undefined;
    }
    case 'ping':
      return reply(ws, withId({ type: 'pong' }));
    default:
      return error(ws, id, 'invalid_frame', `unknown op '${request.op}'`);
  }
}

const server = new WebSocketServer({ host, port, path: '/herald', maxPayload: MAX_MESSAGE });

server.on('connection', (ws) => {
  ws.channels = new Set();
  reply(ws, {
    type: 'connected', client: randomBytes(12).toString('base64url'), user: null, version: 1,
    maxMessageSize: MAX_MESSAGE,
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) return ws.close(1003, 'binary messages are not part of the Herald protocol');
    let request;
    try {
      request = JSON.parse(data);
    } catch {
      return error(ws, null, 'invalid_json', 'not JSON');
    }
    if (request === null || typeof request !== 'object') {
      return error(ws, null, 'invalid_frame', 'not an object');
    }
    return handle(ws, request);
  });
  ws.on('close', () => {
    for (const name of ws.channels) {
      const state = channels.get(name);
      if (state) {
        state.subscribers.delete(ws);
        if (state.subscribers.size === 0) channels.delete(name);
      }
    }
    ws.channels.clear();
  });
  ws.on('error', () => {});
});

server.on('listening', () => {
  console.log(`ws-baseline listening on http://${host}:${server.address().port}/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const ws of server.clients) ws.terminate();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
