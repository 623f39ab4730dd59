// Interop tests of Herald's WebSocket endpoints with the `ws` npm client (no browser).
//
//   node ws-interop.test.mjs http://127.0.0.1:41234
//
// Prints TAP when stdout is not a terminal and exits non-zero when a test fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';

const base = (process.argv[2] || process.env.HERALD_URL || '').replace(/\/+$/, '');
if (!/^https?:\/\//.test(base)) {
  console.error('usage: node ws-interop.test.mjs http://HOST:PORT');
  process.exit(2);
}
const wsBase = base.replace(/^http/, 'ws');
const WAIT = 10_000;
const OFFSET = /^[A-Za-z0-9]{1,16}:\d+$/;
const tag = Math.random().toString(36).slice(2, 8);

/** A ws connection whose incoming frames are buffered, so a test can await them in order. */
class Conn {
  static open(path) {
    return new Promise((resolve, reject) => {
      const conn = new Conn(new WebSocket(wsBase + path));
      const timer = setTimeout(() => reject(new Error(`no open on ${path}`)), WAIT);
      conn.ws.once('open', () => { clearTimeout(timer); resolve(conn); });
      conn.ws.once('error', (e) => { clearTimeout(timer); reject(e); });
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.frames = [];   // {data, isBinary}
    this.waiters = [];
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('error', () => {}); // reported through 'close'; an unhandled 'error' would crash the run
    ws.on('message', (data, isBinary) => {
      this.frames.push({ data, isBinary });
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  /** Next frame (removed from the buffer). */
  async next(what = 'a frame') {
    const end = Date.now() + WAIT;
    while (this.frames.length === 0) {
      const left = end - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
    return this.frames.shift();
  }

  /** Next JSON frame matching pred; frames that do not match are skipped. */
  async json(pred, what) {
    const end = Date.now() + WAIT;
    for (;;) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      const f = await this.next(what);
      assert.equal(f.isBinary, false, 'herald sends text frames');
      const obj = JSON.parse(f.data.toString('utf8'));
      if (pred(obj)) return obj;
    }
  }

  send(obj) { this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)); }

  close() { this.ws.terminate(); }
}

function withTimeout(promise, what) {
  let t;
  return Promise.race([promise, new Promise((_, reject) => {
    t = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT);
  })]).finally(() => clearTimeout(t));
}

test('/echo echoes text and binary frames', async () => {
  const c = await Conn.open('/echo');
  try {
    c.send('hello herald');
    const text = await c.next('text echo');
    assert.equal(text.isBinary, false);
    assert.equal(text.data.toString('utf8'), 'hello herald');

    const bytes = Buffer.from([0, 1, 2, 250, 255, 0x68, 0x69]);
    c.ws.send(bytes, { binary: true });
    const bin = await c.next('binary echo');
    assert.equal(bin.isBinary, true);
    assert.deepEqual(Buffer.from(bin.data), bytes);
  } finally {
    c.close();
  }
});

test('/herald: connected, subscribe/publish round trip, errors keep the connection', async () => {
  const a = await Conn.open('/herald');
  const b = await Conn.open('/herald');
  try {
    const hello = await a.json((f) => f.type === 'connected', 'connected frame');
    assert.equal(typeof hello.client, 'string');
    assert.ok(hello.client.length > 0);
    assert.equal(hello.user, null);
    assert.equal(hello.version, 1);
    assert.equal(typeof hello.maxMessageSize, 'number');
    const helloB = await b.json((f) => f.type === 'connected', 'connected frame (b)');
    assert.notEqual(helloB.client, hello.client);

    const channel = `t-interop-${tag}`;
    a.send({ op: 'subscribe', id: 1, channel });
    const sub = await a.json((f) => f.id === 1, 'subscribed');
    assert.equal(sub.type, 'subscribed');
    assert.equal(sub.channel, channel);
    assert.equal(sub.recovered, true);
    assert.equal(sub.replayed, 0);
    assert.match(sub.offset, OFFSET);
    assert.equal(sub.offset.split(':')[1], '0', 'a new channel is at seq 0');

    b.send({ op: 'publish', id: 7, channel, event: 'greet', data: { hello: 'world', n: [1, 2] } });
    const ack = await b.json((f) => f.id === 7, 'ack');
    assert.equal(ack.type, 'ack');
    assert.equal(ack.channel, channel);
    assert.equal(ack.offset, sub.offset.split(':')[0] + ':1');

    const msg = await a.json((f) => f.type === 'message', 'message');
    assert.equal(msg.channel, channel);
    assert.equal(msg.offset, ack.offset);
    assert.equal(msg.event, 'greet');
    assert.deepEqual(msg.data, { hello: 'world', n: [1, 2] });
    assert.equal(typeof msg.time, 'number');
    assert.ok(Math.abs(msg.time - Date.now()) < 60_000, 'time is epoch milliseconds');

    a.send('{nope');
    const bad = await a.json((f) => f.type === 'error', 'invalid_json error');
    assert.equal(bad.code, 'invalid_json');
    assert.equal(typeof bad.message, 'string');

    a.send('{"op":"fly"}');
    const unknown = await a.json((f) => f.type === 'error', 'unknown_op error');
    assert.equal(unknown.code, 'unknown_op');

    a.send({ op: 'ping', id: 9 });
    const pong = await a.json((f) => f.id === 9, 'pong');
    assert.equal(pong.type, 'pong');
    assert.equal(a.ws.readyState, WebSocket.OPEN);
  } finally {
    a.close();
    b.close();
  }
});

test('/herald closes with 1009 on a frame larger than 1 MiB', async () => {
  const c = await Conn.open('/herald');
  try {
    await c.json((f) => f.type === 'connected', 'connected frame');
    const big = JSON.stringify({ op: 'publish', channel: `t-big-${tag}`, data: 'x'.repeat(1024 * 1024 + 16) });
    c.send(big);
    const { code } = await withTimeout(c.closed, 'close after an oversized frame');
    assert.equal(code, 1009);
  } finally {
    c.close();
  }
});

test('an upgrade to an unknown path is refused with HTTP 404', async () => {
  const ws = new WebSocket(wsBase + '/no-such-endpoint');
  ws.on('error', () => {}); // terminate() below reports an aborted handshake as an error
  const status = await withTimeout(new Promise((resolve, reject) => {
    ws.on('unexpected-response', (req, res) => {
      resolve(res.statusCode);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('upgrade to /no-such-endpoint succeeded')));
  }), '404 response');
  assert.equal(status, 404);
});
