/*
 * herald.js: browser client for the Herald channel protocol over WebSocket (docs/protocol.md).
 * Load it as a classic script (<script src="/herald.js">); it defines window.Herald.
 *
 *   const client = new Herald.Client();               // connects to ws(s)://<page host>/herald
 *   const sub = client.subscribe('news', {presence: true, info: {name: 'ada'}});
 *   sub.on('message', msg => ...);                    // {channel, offset, event, time, data}
 *   await client.publish('news', 'update', {title: 'hi'});
 *
 * The client reconnects by itself, resubscribes with `since` = the last offset it saw (so the
 * server replays what was missed) and drops duplicates.
 *
 * With tokens that expire, give `url` as a function, called before every connection attempt,
 * that returns the URL (or a promise of it) with a fresh token:
 *
 *   new Herald.Client({url: async () => `wss://rt.example.com/herald?token=${await freshToken()}`});
 *
 * The server closes a connection whose token expired with 4001; a client with a function reconnects
 * at once with a new URL, one with a fixed URL stops (the same token would be refused). Members starting with `_` are internal;
 * `_socket` (the current WebSocket) and `_drop()` exist for tests only and may change.
 */
(function (global) {
  'use strict';

  /** Minimal event emitter. A throwing listener must not break the protocol state machine,
   *  so listener errors are rethrown asynchronously (they still reach window.onerror). */
  class Emitter {
    constructor() { this._listeners = new Map(); }
    on(event, fn) {
      if (!this._listeners.has(event)) this._listeners.set(event, new Set());
      this._listeners.get(event).add(fn);
      return this;
    }
    off(event, fn) {
      const set = this._listeners.get(event);
      if (set) set.delete(fn);
      return this;
    }
    once(event, fn) {
      const wrapper = (arg) => { this.off(event, wrapper); fn(arg); };
      return this.on(event, wrapper);
    }
    _emit(event, arg) {
      const set = this._listeners.get(event);
      if (!set || set.size === 0) return false;
      for (const fn of [...set]) {
        try { fn(arg); } catch (e) { setTimeout(() => { throw e; }); }
      }
      return true;
    }
  }

  /** Splits "epoch:seq". seq is a BigInt so huge sequence numbers still compare exactly. */
  function parseOffset(offset) {
    if (typeof offset !== 'string') return null;
    const i = offset.indexOf(':');
    if (i <= 0) return null;
    try { return { epoch: offset.slice(0, i), seq: BigInt(offset.slice(i + 1)) }; }
    catch (e) { return null; }
  }

  /** True when `offset` comes after `last`. Seqs only compare within one epoch: a different
   *  epoch means the history was reset, so the message is new by definition. */
  function isNewer(offset, last) {
    const a = parseOffset(offset), b = parseOffset(last);
    if (!a || !b || a.epoch !== b.epoch) return true;
    return a.seq > b.seq;
  }

  function protocolError(code, message) {
    const err = new Error(message || code);
    err.code = code;
    return err;
  }

  function defaultUrl() {
    const loc = global.location;
    return (loc && loc.protocol === 'https:' ? 'wss://' : 'ws://') + (loc ? loc.host : 'localhost') + '/herald';
  }

  /** One channel subscription. Lives across reconnects until unsubscribe() or client.close(). */
  class Subscription extends Emitter {
    constructor(client, channel, options) {
      super();
      this._client = client;
      this.channel = channel;
      this._presence = !!options.presence;
      this._info = options.info;
      /** Offset of the last message seen (or the position we subscribed at); sent as `since`. */
      this.offset = options.since || null;
      // pending: needs a subscribe frame; subscribing: sent, awaiting reply; active; closed.
      this._state = 'pending';
    }

    get active() { return this._state === 'active'; }

    /** Current presence on the channel: {count, users, clients}. */
    presence() {
      return this._client._request({ op: 'presence', channel: this.channel })
        .then((r) => ({ count: r.count, users: r.users, clients: r.clients }));
    }

    unsubscribe() {
      return this._client._unsubscribe(this);
    }

    _frame() {
      const frame = { op: 'subscribe', channel: this.channel };
      if (this.offset) frame.since = this.offset;
      if (this._presence) frame.presence = true;
      if (this._info !== undefined) frame.info = this._info;
      return frame;
    }

    _onSubscribed(reply) {
      this._state = 'active';
      // With nothing replayed the reply's offset is the channel's top; remember it so a later
      // reconnect resumes from here. With a replay the replayed messages move the offset
      // themselves (setting it now would make them look like duplicates).
      if (!reply.replayed) this.offset = reply.offset;
      this._emit('subscribed', { offset: reply.offset, recovered: reply.recovered, replayed: reply.replayed });
    }

    _onMessage(frame) {
      if (!isNewer(frame.offset, this.offset)) return; // already seen (replay overlap)
      this.offset = frame.offset;
      this._emit('message', {
        channel: frame.channel, offset: frame.offset, event: frame.event, time: frame.time, data: frame.data,
      });
    }
  }

  class Client extends Emitter {
    constructor(options = {}) {
      super();
      this.url = options.url || defaultUrl();
      this.minDelay = options.minDelay ?? 500;
      this.maxDelay = options.maxDelay ?? 15000;
      /** 'connecting' | 'connected' | 'reconnecting' | 'closed' */
      this.state = 'connecting';
      this.clientId = null;
      this.user = null;
      this._socket = null;
      this._nextId = 1;
      this._pending = new Map(); // id -> {resolve, reject}, requests sent on the current socket
      this._queue = [];          // requests made while not connected, sent on the next connect
      this._subs = new Map();    // channel -> Subscription
      this._attempt = 0;         // failed connects since the last success, drives the backoff
      this._timer = null;
      this._closed = false;
      this._connect();
    }

    get connected() { return this.state === 'connected'; }

    subscribe(channel, options = {}) {
      if (this._closed) throw protocolError('closed', 'client is closed');
      if (this._subs.has(channel)) throw protocolError('already_subscribed', `already subscribed to ${channel}`);
      const sub = new Subscription(this, channel, options);
      this._subs.set(channel, sub);
      if (this.connected) this._sendSubscribe(sub);
      return sub;
    }

    /** Resolves {channel, offset} once the server stored the message. */
    publish(channel, event, data) {
      const frame = { op: 'publish', channel };
      if (event !== undefined && event !== null) frame.event = event;
      if (data !== undefined) frame.data = data;
      return this._request(frame).then((r) => ({ channel: r.channel, offset: r.offset }));
    }

    /** Round trip time in ms, measured with the protocol's ping op. */
    ping() {
      const start = performance.now();
      return this._request({ op: 'ping' }).then(() => performance.now() - start);
    }

    close() {
      if (this._closed) return;
      this._closed = true;
      clearTimeout(this._timer);
      for (const sub of this._subs.values()) sub._state = 'closed';
      this._subs.clear();
      this._failQueue(protocolError('closed', 'client closed'));
      const ws = this._socket;
      if (ws && ws.readyState <= 1) {
        ws.close(1000, 'client closed'); // onclose reports it, with willReconnect false
      } else {
        this._setState('closed');
      }
    }

    /** Test hook (internal): drop the connection as if the network failed, then reconnect. */
    _drop() {
      const ws = this._socket;
      if (!ws) return;
      this._detach(ws);
      try { ws.close(); } catch (e) { /* already closing */ }
      this._onClose(ws, { code: 1006, reason: 'dropped' });
    }

    // ---- connection lifecycle ----

    _connect() {
      if (typeof this.url !== 'function') {
        this._open(this.url);
        return;
      }
      // A throw and a rejection of the url function end up in the same place.
      Promise.resolve().then(() => this.url()).then(
        (url) => { if (!this._closed) this._open(url); },
        (e) => { if (!this._closed) this._connectFailed(e); });
    }

    /** No socket could be opened (a bad URL, or the url function failed): report it and retry
     *  later, like a failed connection. */
    _connectFailed(e) {
      this._emit('error', e);
      this._onClose(null, { code: 1006, reason: String((e && e.message) || e) });
    }

    _open(url) {
      let ws;
      try {
        ws = new WebSocket(url);
      } catch (e) { // bad URL: retrying cannot help, but report it like any failure
        this._connectFailed(e);
        return;
      }
      this._socket = ws;
      ws.onmessage = (ev) => this._onFrame(ev.data);
      ws.onclose = (ev) => this._onClose(ws, ev);
      // onclose always follows onerror and does the work. The no-op handler is for WebSocket
      // implementations (Node's ws) that treat an unhandled 'error' event as fatal.
      ws.onerror = () => {};
    }

    _detach(ws) {
      ws.onmessage = ws.onclose = null; // onerror stays: it is the no-op guard
    }

    _setState(state) { this.state = state; }

    _onClose(ws, ev) {
      if (ws && ws !== this._socket) return; // a socket we already gave up on
      this._socket = null;
      const wasConnected = this.connected;
      // Requests already sent may or may not have been applied: fail them rather than resend.
      const pending = [...this._pending.values()];
      this._pending.clear();
      const err = protocolError('disconnected', `connection closed (${ev.code})`);
      for (const p of pending) p.reject(err);
      for (const sub of this._subs.values()) if (sub._state !== 'closed') sub._state = 'pending';

      // 1000 means the server ended the session on purpose; 4001 (token expired) is worth a
      // retry only with a url function to fetch a fresh token; every other code (1001 shutdown,
      // 1013 slow consumer, 4000 heartbeat timeout, 1006 network loss, ...) is worth a retry.
      const expired = ev.code === 4001;
      const willReconnect =
        !this._closed && ev.code !== 1000 && (!expired || typeof this.url === 'function');
      if (willReconnect) {
        this._setState('reconnecting');
        if (expired && wasConnected) {
          this._connect(); // a planned end: no backoff, the new token is at hand
        } else {
          this._scheduleReconnect();
        }
      } else {
        this._closed = true;
        this._setState('closed');
        this._failQueue(protocolError('closed', 'connection closed'));
      }
      if (wasConnected || !willReconnect || this._attempt === 1) {
        // Report the first failure of a series, not every retry while the server is away.
        this._emit('disconnected', { code: ev.code, reason: ev.reason || '', willReconnect });
      }
    }

    _scheduleReconnect() {
      // Exponential backoff with full jitter, never below minDelay: spreads a herd of clients
      // reconnecting after a server restart instead of having them arrive in lock-step.
      const cap = Math.min(this.maxDelay, this.minDelay * 2 ** Math.min(this._attempt, 30));
      const delay = this.minDelay + Math.random() * Math.max(0, cap - this.minDelay);
      this._attempt++;
      clearTimeout(this._timer);
      this._timer = setTimeout(() => { if (!this._closed) this._connect(); }, delay);
    }

    _onConnected(frame) {
      this._attempt = 0;
      this.clientId = frame.client;
      this.user = frame.user;
      this._setState('connected');
      for (const sub of this._subs.values()) if (sub._state === 'pending') this._sendSubscribe(sub);
      const queued = this._queue;
      this._queue = [];
      for (const q of queued) this._send(q.frame, q);
      this._emit('connected', { client: frame.client, user: frame.user });
    }

    // ---- frames ----

    _onFrame(text) {
      let frame;
      try { frame = JSON.parse(text); } catch (e) { return; } // not ours to interpret
      if (!frame || typeof frame !== 'object') return;
      if (frame.id !== undefined && frame.id !== null && this._pending.has(frame.id)) {
        const p = this._pending.get(frame.id);
        this._pending.delete(frame.id);
        if (frame.type === 'error') p.reject(protocolError(frame.code, frame.message));
        else p.resolve(frame);
        return;
      }
      const sub = frame.channel !== undefined ? this._subs.get(frame.channel) : undefined;
      switch (frame.type) {
        case 'connected':
          this._onConnected(frame);
          break;
        case 'message':
          // Only after our 'subscribed' reply: anything earlier belongs to an older subscription.
          if (sub && sub._state === 'active') sub._onMessage(frame);
          break;
        case 'join':
        case 'leave':
          if (sub && sub._state === 'active') {
            sub._emit(frame.type, { channel: frame.channel, client: frame.client, user: frame.user, info: frame.info });
          }
          break;
        case 'error':
          if (!this._emit('error', protocolError(frame.code, frame.message))) {
            console.warn('herald: server error', frame.code, frame.message);
          }
          break;
        default:
          break; // unknown frame types are ignored so newer servers stay compatible
      }
    }

    /** Sends a request now if connected, else queues it for the next connection. */
    _request(frame) {
      return new Promise((resolve, reject) => {
        if (this._closed) return reject(protocolError('closed', 'client is closed'));
        const entry = { frame, resolve, reject };
        // A socket that is already closing would swallow the frame: queue for the next one.
        if (this.connected && this._socket && this._socket.readyState === 1) this._send(frame, entry);
        else this._queue.push(entry);
      });
    }

    _send(frame, handlers) {
      const id = this._nextId++;
      this._pending.set(id, handlers);
      try {
        this._socket.send(JSON.stringify({ ...frame, id }));
      } catch (e) {
        this._pending.delete(id);
        handlers.reject(e);
      }
    }

    _sendSubscribe(sub) {
      sub._state = 'subscribing';
      // Handled synchronously (not via a promise) so the state is 'active' before the replayed
      // message frames that follow the reply are processed.
      this._send(sub._frame(), {
        resolve: (reply) => { if (sub._state === 'subscribing') sub._onSubscribed(reply); },
        reject: (err) => {
          if (err.code === 'disconnected') return; // resubscribed on the next connection
          // A refused subscribe (bad name, denied, ...) would be refused again: give it up.
          sub._state = 'closed';
          if (this._subs.get(sub.channel) === sub) this._subs.delete(sub.channel);
          if (!sub._emit('error', err) && !this._emit('error', err)) console.warn('herald: subscribe failed', err);
        },
      });
    }

    _unsubscribe(sub) {
      if (sub._state === 'closed') return Promise.resolve();
      const wasOnServer = sub._state === 'active' || sub._state === 'subscribing';
      sub._state = 'closed';
      if (this._subs.get(sub.channel) === sub) this._subs.delete(sub.channel);
      if (!wasOnServer || !this.connected) return Promise.resolve();
      return new Promise((resolve) => {
        // The subscription is gone locally either way; a failed unsubscribe is nothing to act on.
        this._send({ op: 'unsubscribe', channel: sub.channel }, { resolve: () => resolve(), reject: () => resolve() });
      });
    }

    _failQueue(err) {
      const queued = this._queue;
      this._queue = [];
      for (const q of queued) q.reject(err);
    }
  }

  global.Herald = { Client, Subscription, isNewer, parseOffset, version: 1 };
})(typeof window !== 'undefined' ? window : globalThis);
