// The official Node socket.io server as a same-machine baseline for herald-bench's Socket.IO
// fan-out (docs/benchmarks.md), set up as herald-bench's SocketIoBenchServer sets up Herald:
//
// - socket.io at /socket.io/ with its default options (WebSocket and polling, pingInterval 25 s,
//   pingTimeout 20 s, no permessage-deflate); a middleware on the main namespace joins each
//   socket to the room named by its CONNECT auth payload (`40{"room":"bench"}`) and refuses a
//   connection without one;
// - the part of Herald's /herald WebSocket protocol (docs/protocol.md) that the load generator's
//   publisher uses, on a `ws` server at /herald: a `connected` frame on open; publish -> `ack`,
//   then `io.to(channel).emit(event, data)`; ping -> `pong`. (A room of namespace "/" is a
//   Herald channel, so this is what a publish to channel `bench` does on Herald.)
//
// socket.io's in-memory adapter encodes a broadcast once and hands the same WebSocket frame to
// every socket, as Herald does. No history, offsets are counters, and the publish frame is parsed
// with JSON.parse as ws-baseline.mjs does.
//
// Usage: node herald-bench/node/socketio-baseline.mjs --port 4100 [--host 127.0.0.1]
// Prints `socketio-baseline listening on http://HOST:PORT/` once it accepts connections.
// Dependencies: `npm ci` in herald-bench/node (run.sh does it when node_modules is missing).

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const host = option('--host', '127.0.0.1');
const port = Number(option('--port', '4100'));
const MAX_MESSAGE = 1 << 20;
const EPOCH = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x');

const http = createServer();
const io = new Server(http, { serveClient: false });

io.use((socket, next) => {
  const room = socket.handshake.auth?.room;
  if (typeof room !== 'string' || room === '') {
    return next(new Error('auth.room is required'));
  }
  socket.join(room);
  return next();
});

// The publisher's endpoint. engine.io answers upgrades under /socket.io/ only; this one is routed
// here explicitly (a `ws` server given the HTTP server itself would refuse the others' paths).
const publishers = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
http.on('upgrade', (request, socket, head) => {
  if (request.url === '/herald' || request.url.startsWith('/herald?')) {
    publishers.handleUpgrade(request, socket, head, (ws) => publishers.emit('connection', ws));
  }
});

/** channel name -> last sequence number */
const sequences = new Map();

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
  switch (request.op) {
    case 'publish': {
      if (!validName(request.channel)) return error(ws, id, 'invalid_channel', 'bad channel name');
      const seq = (sequences.get(request.channel) ?? 0) + 1;
      sequences.set(request.channel, seq);
      if (id != null) {
        reply(ws, { type: 'ack', id, channel: request.channel, offset: `${EPOCH}:${seq}` });
      }
      io.to(request.channel).emit(request.event ?? 'message', request.data ?? null);
      return undefined;
    }
    case 'ping':
      return reply(ws, id != null ? { type: 'pong', id } : { type: 'pong' });
    default:
      return error(ws, id, 'invalid_frame', `op '${request.op}' is not served by this baseline`);
  }
}

publishers.on('connection', (ws) => {
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
  ws.on('error', () => {});
});

http.listen(port, host, () => {
  console.log(`socketio-baseline listening on http://${host}:${http.address().port}/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const ws of publishers.clients) ws.terminate();
    io.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
