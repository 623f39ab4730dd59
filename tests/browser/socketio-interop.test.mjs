// Interop tests of Herald's Socket.IO server with the official socket.io-client npm package.
//
//   node socketio-interop.test.mjs http://127.0.0.1:PORT http://127.0.0.1:RECOVERY_PORT \
//     http://127.0.0.1:JWT_PORT JWT_SECRET
//
// The first server runs SocketIoFixture without connection state recovery, the second with it,
// the third with the JWT authenticator (HS256 with JWT_SECRET).
// Prints TAP when stdout is not a terminal and exits non-zero when a test fails.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { hs256 } from './tokens.mjs';

const [base, recoveringBase, jwtBase] = process.argv
  .slice(2, 5)
  .map((url) => (url || '').replace(/\/+$/, ''));
const jwtSecret = process.argv[5];
if (![base, recoveringBase, jwtBase].every((url) => /^https?:\/\//.test(url)) || !jwtSecret) {
  console.error(
    'usage: node socketio-interop.test.mjs http://HOST:PORT http://HOST:RECOVERY_PORT ' +
      'http://HOST:JWT_PORT JWT_SECRET',
  );
  process.exit(2);
}
const WAIT = 10_000;
const opened = [];

/** A client socket, closed after the run; never reconnects unless asked to. */
function client(url, options = {}) {
  const socket = io(url, { reconnection: false, timeout: WAIT, ...options });
  opened.push(socket);
  return socket;
}

after(() => opened.forEach((socket) => socket.disconnect()));

/** Resolves with the arguments of the next `event`, or rejects after WAIT. */
function next(socket, event) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${WAIT} ms`)), WAIT);
    socket.once(event, (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/** Emits with an acknowledgement and resolves with all of its arguments. */
function ack(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(WAIT).emit(event, ...args, (error, ...answer) => {
      if (error) reject(error);
      else resolve(answer);
    });
  });
}

async function connected(socket) {
  if (!socket.connected) {
    await next(socket, 'connect');
  }
  return socket;
}

/**
 * The engine's transport once its upgrade to WebSocket is done. engine.io-client keeps the
 * server's upgrade list private, so a socket still polling is simply awaited until it upgrades.
 */
async function upgradedTransport(socket) {
  const engine = socket.io.engine;
  if (engine.transport.name === 'polling') {
    await next(engine, 'upgrade');
  }
  return engine.transport.name;
}

for (const transports of [['polling'], ['websocket']]) {
  test(`${transports[0]} only: connect, emit with ack, binary both ways`, async () => {
    const socket = await connected(client(base, { transports }));
    assert.equal(socket.io.engine.transport.name, transports[0]);
    assert.match(socket.id, /^\S+$/);

    const answer = await ack(socket, 'echo', 1, 'two', { three: [true] });
    assert.deepEqual(answer, [1, 'two', { three: [true] }]);

    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    const binaryAnswer = await socket.timeout(WAIT).emitWithAck('echo', { file: bytes, name: 'x' });
    assert.ok(Buffer.isBuffer(binaryAnswer.file));
    assert.deepEqual([...binaryAnswer.file], [...bytes]);
    assert.equal(binaryAnswer.name, 'x');

    const echoed = next(socket, 'echo-event');
    socket.emit('echo-event', bytes, 'text');
    const [back, text] = await echoed;
    assert.deepEqual([...back], [...bytes]);
    assert.equal(text, 'text');
  });
}

test('upgrade from polling to websocket keeps the session', async () => {
  const socket = await connected(client(base, { transports: ['polling', 'websocket'] }));
  const id = socket.id;
  assert.equal(await upgradedTransport(socket), 'websocket');
  const answer = await socket.timeout(WAIT).emitWithAck('echo', 'after upgrade');
  assert.equal(answer, 'after upgrade');
  assert.equal(socket.id, id);
});

test('namespaces: middleware refusal, acceptance with auth, unknown namespace', async () => {
  const refused = client(`${base}/guarded`, { auth: { token: 'wrong' } });
  const [error] = await next(refused, 'connect_error');
  assert.equal(error.message, 'not authorized');
  assert.deepEqual(error.data, { code: 401 });

  const admitted = await connected(client(`${base}/guarded`, { auth: { token: 'letmein' } }));
  assert.equal(await admitted.timeout(WAIT).emitWithAck('whoami'), admitted.id);

  const unknown = client(`${base}/nowhere`);
  const [invalid] = await next(unknown, 'connect_error');
  assert.equal(invalid.message, 'Invalid namespace');
});

test('rooms: a room broadcast reaches members only', async () => {
  const room = `room-${Math.random().toString(36).slice(2, 8)}`;
  const member = await connected(client(base));
  const outsider = await connected(client(base));
  const rooms = await member.timeout(WAIT).emitWithAck('join', room);
  assert.ok(rooms.includes(room) && rooms.includes(member.id), JSON.stringify(rooms));

  let outsiderGot = 0;
  outsider.on('room-event', () => outsiderGot++);
  const received = next(member, 'room-event');
  assert.equal(await outsider.timeout(WAIT).emitWithAck('to-room', room, { hello: 'room' }), 'sent');
  assert.deepEqual(await received, [{ hello: 'room' }]);
  // A round trip after the broadcast: had it reached the outsider, it would have arrived first.
  await outsider.timeout(WAIT).emitWithAck('echo', 'sync');
  assert.equal(outsiderGot, 0);
});

test('acks time out both ways', async () => {
  const socket = await connected(client(base));
  await assert.rejects(socket.timeout(300).emitWithAck('never-answer'), /operation has timed out/);

  // The server asks with a 300 ms timeout; this client does not answer.
  socket.on('question', () => {});
  const result = next(socket, 'ask-result');
  socket.emit('ask', 300);
  assert.deepEqual(await result, ['timeout']);

  // Answered in time, the server gets the client's arguments.
  socket.off('question');
  socket.on('question', (n, callback) => callback(n + 1, 'ok'));
  const answered = next(socket, 'ask-result');
  socket.emit('ask', WAIT);
  assert.deepEqual(await answered, [[43, 'ok']]);
});

test('a room broadcast reaches a Socket.IO client and an SSE client at once', async () => {
  const channel = `news-${Math.random().toString(36).slice(2, 8)}`;
  const socket = await connected(client(base));
  await socket.timeout(WAIT).emitWithAck('join', channel);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), WAIT);
  const response = await fetch(`${base}/sse?channel=${channel}`, { signal: controller.signal });
  assert.equal(response.status, 200);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let stream = '';
  const sseEvent = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('SSE stream ended');
      stream += decoder.decode(value, { stream: true });
      const match = /event: room-event\ndata: (.*)\n/.exec(stream);
      if (match) return JSON.parse(match[1]);
      if (stream.includes('event: herald.subscribed')) subscribed();
    }
  })();
  let subscribed;
  await new Promise((resolve) => { subscribed = resolve; });

  const viaSocketIo = next(socket, 'room-event');
  await socket.timeout(WAIT).emitWithAck('to-room', channel, { headline: 'both' });
  assert.deepEqual(await viaSocketIo, [{ headline: 'both' }]);
  const message = await sseEvent;
  assert.equal(message.channel, channel);
  assert.equal(message.event, 'room-event');
  assert.deepEqual(message.data, { headline: 'both' });
  clearTimeout(timer);
  controller.abort();
});

test('reconnection with connection state recovery replays what was missed', async () => {
  const room = `recover-${Math.random().toString(36).slice(2, 8)}`;
  const socket = await connected(
    client(recoveringBase, { reconnection: true, reconnectionDelay: 200, reconnectionDelayMax: 200 }),
  );
  const sender = await connected(client(recoveringBase));
  const received = [];
  socket.on('room-event', (payload) => received.push(payload));
  await socket.timeout(WAIT).emitWithAck('join', room);
  await socket.timeout(WAIT).emitWithAck('remember', 'kept');
  const first = next(socket, 'room-event');
  await sender.timeout(WAIT).emitWithAck('to-room', room, 'before');
  await first;
  const id = socket.id;

  // Drop the transport: the client reconnects on its own after ~200 ms.
  const reconnected = next(socket, 'connect');
  socket.io.engine.close();
  await sender.timeout(WAIT).emitWithAck('to-room', room, 'while away 1');
  await sender.timeout(WAIT).emitWithAck('to-room', room, 'while away 2');
  await reconnected;

  assert.equal(socket.recovered, true);
  assert.equal(socket.id, id);
  const whoami = await socket.timeout(WAIT).emitWithAck('whoami');
  assert.equal(whoami.recovered, true);
  assert.equal(whoami.note, 'kept');
  assert.ok(whoami.rooms.includes(room), JSON.stringify(whoami.rooms));
  // Recovery appends the offset to each event, as the Node server does; payloads are the first.
  const deadline = Date.now() + WAIT;
  while (received.length < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.deepEqual(received, ['before', 'while away 1', 'while away 2']);
});

test('the official browser client is served beside the endpoint', async () => {
  for (const file of ['socket.io.js', 'socket.io.min.js', 'socket.io.esm.min.js']) {
    const response = await fetch(`${base}/socket.io/${file}`);
    assert.equal(response.status, 200, file);
    assert.match(response.headers.get('content-type'), /^text\/javascript/);
    assert.match(await response.text(), /Socket\.IO v4\.8\.\d+/);
  }
  const map = await fetch(`${base}/socket.io/socket.io.min.js.map`);
  assert.equal(map.status, 200);
  await map.arrayBuffer();
});

/** A token for `user` signed with the JWT server's secret (or `secret`), see tokens.mjs. */
function jwt(user, secret = jwtSecret, expiresIn = 60) {
  return hs256(user, secret, expiresIn);
}

for (const transports of [['polling'], ['websocket']]) {
  test(`JWT (${transports[0]}): the token in the CONNECT auth payload`, async () => {
    const refused = client(jwtBase, { transports });
    const [missing] = await next(refused, 'connect_error');
    assert.equal(missing.message, 'a token is required');
    assert.deepEqual(missing.data, { code: 'unauthorized', status: 401 });

    const forged = client(jwtBase, { transports, auth: { token: jwt('mallory', 'x'.repeat(32)) } });
    const [invalid] = await next(forged, 'connect_error');
    assert.equal(invalid.message, "the token's signature is invalid");
    assert.deepEqual(invalid.data, { code: 'unauthorized', status: 401 });

    const admitted = await connected(client(jwtBase, { transports, auth: { token: jwt('zoe') } }));
    assert.equal(await admitted.timeout(WAIT).emitWithAck('whoami'), 'zoe');
  });
}

test('JWT: the session ends when its token expires; the client reconnects with a fresh one', async () => {
  // The server allows 30 s of clock skew, so a token 28 s past its exp is accepted for 1-2 s more.
  const tokens = [jwt('una', jwtSecret, -28), jwt('vic')];
  const socket = client(jwtBase, {
    reconnection: true,
    reconnectionDelay: 100,
    auth: (send) => send({ token: tokens.shift() }),
  });
  await connected(socket);
  assert.equal(await socket.timeout(WAIT).emitWithAck('whoami'), 'una');
  const [reason] = await next(socket, 'disconnect');
  assert.equal(reason, 'transport close');
  await next(socket, 'connect');
  assert.equal(await socket.timeout(WAIT).emitWithAck('whoami'), 'vic');
});

test('JWT: the token in the handshake query, and a bad one refused before any session', async () => {
  const viaQuery = await connected(client(jwtBase, { query: { token: jwt('yann') } }));
  assert.equal(await viaQuery.timeout(WAIT).emitWithAck('whoami'), 'yann');

  const refused = client(jwtBase, { transports: ['polling'], query: { token: 'not-a-jwt' } });
  const [error] = await next(refused, 'connect_error');
  assert.equal(refused.connected, false);
  assert.equal(error.description, 401);
});
