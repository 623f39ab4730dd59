// Browser tests of the demo pages and herald.js against a running Herald server.
//
//   node demo-pages.test.mjs http://127.0.0.1:41234 JWT_SECRET
//
// The server must run with `"jwt": {"secret": JWT_SECRET, "required": false}` and let anyone
// publish on channels `t-*` (see InteropIT).
// Uses Debian's Chromium (CHROMIUM=/path overrides /usr/bin/chromium); never downloads a browser.
// Prints TAP when stdout is not a terminal and exits non-zero when a test fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { hs256 } from './tokens.mjs';

const base = (process.argv[2] || process.env.HERALD_URL || '').replace(/\/+$/, '');
const jwtSecret = process.argv[3] || process.env.HERALD_JWT_SECRET;
if (!/^https?:\/\//.test(base) || !jwtSecret) {
  console.error('usage: node demo-pages.test.mjs http://HOST:PORT JWT_SECRET');
  process.exit(2);
}

const WAIT = 15_000;      // upper bound of every single wait
const TEST_TIMEOUT = 90_000;
const tag = Math.random().toString(36).slice(2, 8);

let browser;
const pageErrors = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: WAIT,
  });
});

after(async () => {
  if (browser) await browser.close();
});

/** A page in a fresh context (own cookies/storage), recording uncaught page errors. */
async function openPage(path) {
  const context = await browser.newContext();
  context.setDefaultTimeout(WAIT);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${path}: ${err.message}`));
  if (path) await page.goto(base + path, { timeout: WAIT });
  return { context, page };
}

const text = (page, selector) => page.locator(selector).textContent({ timeout: WAIT });

/** Waits until fn(arg) is truthy in the page; fn runs in the browser. */
function until(page, fn, arg, timeout = WAIT) {
  return page.waitForFunction(fn, arg, { timeout, polling: 100 });
}

function assertNoPageErrors() {
  assert.deepEqual(pageErrors.splice(0), [], 'uncaught errors in the page');
}

test('dashboard goes live over SSE and counts samples', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await openPage('/dashboard.html');
  try {
    await until(page, () => document.querySelector('#state')?.textContent.trim() === 'live');
    await until(page, () => Number(document.querySelector('#samples')?.textContent) >= 2);
    assert.equal(await page.locator('canvas#heap-chart').count(), 1);
    assert.equal(await page.locator('canvas#connections-chart').count(), 1);
    assertNoPageErrors();
  } finally {
    await context.close();
  }
});

test('echo page echoes text and binary frames', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await openPage('/echo.html');
  try {
    await until(page, () => document.querySelector('#state')?.textContent.trim() === 'open');
    await page.fill('#echo-input', 'hello herald');
    await page.click('#echo-send');
    await until(page, () => [...document.querySelectorAll('#echo-log li')]
      .some((li) => li.textContent === 'hello herald'));
    await page.click('#echo-send-binary');
    await until(page, () => [...document.querySelectorAll('#echo-log li')]
      .some((li) => li.textContent === 'binary: hello herald'));
    assertNoPageErrors();
  } finally {
    await context.close();
  }
});

test('board: presence, posting, history and leave', { timeout: TEST_TIMEOUT }, async () => {
  const presenceHas = (name) => [...document.querySelectorAll('#presence-list li')]
    .some((li) => li.textContent.includes(name));
  const messagesHave = (needle) => [...document.querySelectorAll('#messages li')]
    .some((li) => li.textContent.includes(needle));
  const count = (page) => text(page, '#presence-count').then(Number);

  const ada = await openPage('/board.html?name=ada');
  const bob = await openPage('/board.html?name=bob');
  let carol;
  try {
    for (const p of [ada.page, bob.page]) {
      await until(p, () => document.querySelector('#state')?.textContent.trim() === 'connected');
    }
    assert.equal(await ada.page.inputValue('#name'), 'ada');
    await until(ada.page, () => Number(document.querySelector('#presence-count').textContent) >= 2);
    await until(bob.page, () => Number(document.querySelector('#presence-count').textContent) >= 2);
    await until(ada.page, presenceHas, 'bob');
    await until(bob.page, presenceHas, 'ada');

    const post = `hi bob ${tag}`;
    await ada.page.fill('#text', post);
    await ada.page.click('#post');
    await until(bob.page, ([needle]) => [...document.querySelectorAll('#messages li')]
      .some((li) => li.textContent.includes(needle) && li.querySelector('.name')?.textContent === 'ada'), [post]);
    await until(ada.page, messagesHave, post);

    // A page opened later gets the post from the retained history.
    carol = await openPage('/board.html?name=carol');
    await until(carol.page, messagesHave, post);
    await carol.context.close();
    carol = null;
    await until(ada.page, (name) => ![...document.querySelectorAll('#presence-list li')]
      .some((li) => li.textContent.includes(name)), 'carol');

    const before = await count(ada.page);
    assert.ok(before >= 2, `ada counts ${before} connections`);
    await bob.context.close();
    await until(ada.page, (n) => Number(document.querySelector('#presence-count').textContent) < n, before);
    await until(ada.page, (name) => ![...document.querySelectorAll('#presence-list li')]
      .some((li) => li.textContent.includes(name)), 'bob');
    assertNoPageErrors();
  } finally {
    if (carol) await carol.context.close();
    await bob.context.close().catch(() => {});
    await ada.context.close();
  }
});

test('chat: rooms, messages, typing, history, members, reconnect and refusals', { timeout: TEST_TIMEOUT }, async () => {
  const room = `t-chat-${tag}`;
  // [name, text, className]: an entry of #messages by `name` containing `text` (with that class).
  const hasEntry = ([name, needle, cls]) => [...document.querySelectorAll('#messages li')]
    .some((li) => li.querySelector('.name')?.textContent === name && li.textContent.includes(needle)
      && (!cls || li.classList.contains(cls)));
  const hasLiveMessage = ([name, needle]) => [...document.querySelectorAll('#messages li:not(.notice)')]
    .some((li) => li.querySelector('.name')?.textContent === name
      && li.querySelector('.text')?.textContent === needle && !li.classList.contains('history'));
  const members = (page) => page.$$eval('#members li', (lis) => lis.map((li) => li.firstChild.textContent));
  const hasMember = (name) => [...document.querySelectorAll('#members li')].some((li) => li.firstChild.textContent === name);
  const lacksMember = (name) => ![...document.querySelectorAll('#members li')].some((li) => li.firstChild.textContent === name);
  // Live notices "<name> <what>" in #messages.
  const notices = ([name, what]) => [...document.querySelectorAll('#messages li.notice:not(.history)')]
    .filter((li) => li.querySelector('.name')?.textContent === name && li.textContent.includes(what)).length;
  const noticesAtLeast = ([name, what, n]) => [...document.querySelectorAll('#messages li.notice:not(.history)')]
    .filter((li) => li.querySelector('.name')?.textContent === name && li.textContent.includes(what)).length >= n;
  const stateIs = (state) => document.querySelector('#state')?.textContent.trim() === state;
  const inRoom = (r) => document.querySelector('#room-name')?.textContent === r;

  const alice = await openPage(`/chat.html?name=alice&room=${room}`);
  const bob = await openPage(`/chat.html?name=bob&room=${room}`);
  let carol, mallory;
  try {
    for (const p of [alice.page, bob.page]) {
      await until(p, stateIs, 'connected');
      await until(p, inRoom, room);
    }
    await until(alice.page, hasMember, 'bob');
    await until(bob.page, hasMember, 'alice');
    assert.deepEqual(await members(alice.page), ['alice', 'bob']);
    await until(alice.page, hasEntry, ['bob', 'joined the room', 'notice']);

    // alice's message reaches bob, live.
    const post = `hi bob ${tag}`;
    await alice.page.fill('#text', post);
    await alice.page.click('#send');
    await until(bob.page, hasLiveMessage, ['alice', post]);
    await until(alice.page, hasLiveMessage, ['alice', post]);

    // bob typing shows at alice (only), and clears when bob sends.
    await bob.page.fill('#text', 'hello al');
    await until(alice.page, () => document.querySelector('#typing').textContent === 'bob is typing…');
    assert.equal(await text(bob.page, '#typing'), '', 'no typing line for your own typing');
    await bob.page.fill('#text', `hello alice ${tag}`);
    await bob.page.click('#send');
    await until(alice.page, hasLiveMessage, ['bob', `hello alice ${tag}`]);
    await until(alice.page, () => document.querySelector('#typing').textContent === '');

    // carol joins later: the earlier messages come from the room's history, marked as such.
    carol = await openPage(`/chat.html?name=carol&room=${room}`);
    await until(carol.page, stateIs, 'connected');
    await until(carol.page, hasEntry, ['alice', post, 'history']);
    await until(carol.page, hasEntry, ['bob', `hello alice ${tag}`, 'history']);
    assert.deepEqual(await members(carol.page), ['alice', 'bob', 'carol']);
    await until(alice.page, hasEntry, ['carol', 'joined the room', 'notice']);
    await until(alice.page, hasMember, 'carol');
    await carol.context.close();
    carol = null;
    await until(alice.page, hasEntry, ['carol', 'left the room', 'notice']);
    await until(alice.page, lacksMember, 'carol');

    // bob loses his connection: the client reconnects and the page rejoins its room, which
    // alice sees as a second "bob joined" notice (the server saw a new socket).
    const joinedBefore = await alice.page.evaluate(notices, ['bob', 'joined the room']);
    const reason = await bob.page.evaluate((wait) => new Promise((resolve, reject) => {
      setTimeout(() => reject(new Error('no disconnect event')), wait);
      window.chatSocket.once('disconnect', resolve);
      window.chatSocket.io.engine.close();
    }), WAIT);
    assert.equal(reason, 'forced close'); // the client's word for engine.close()
    await until(bob.page, stateIs, 'connected');
    await until(alice.page, noticesAtLeast, ['bob', 'joined the room', joinedBefore + 1]);
    await until(alice.page, hasMember, 'bob');
    const again = `still there, bob? ${tag}`;
    await alice.page.fill('#text', again);
    await alice.page.click('#send');
    await until(bob.page, hasLiveMessage, ['alice', again]);
    assert.equal(await text(bob.page, '#room-name'), room);

    // A bad room name is answered with an error through the acknowledgement; the room stays.
    await alice.page.fill('#room-input', 'Not A Room!');
    await alice.page.click('#room-join');
    await until(alice.page, () => document.querySelector('#chat-error').textContent.includes('1 to 32 characters'));
    assert.equal(await text(alice.page, '#room-name'), room);

    // A nickname the server's middleware refuses: the page shows why.
    mallory = await openPage(`/chat.html?name=${'m'.repeat(30)}&room=${room}`);
    await until(mallory.page, stateIs, 'refused');
    assert.match(await text(mallory.page, '#login-error'), /at most 24 characters/);
    assert.equal(await mallory.page.locator('#messages li').count(), 0);

    // bob leaves: alice sees the notice and the members list shrink.
    const leftBefore = await alice.page.evaluate(notices, ['bob', 'left the room']);
    await bob.context.close();
    await until(alice.page, noticesAtLeast, ['bob', 'left the room', leftBefore + 1]);
    await until(alice.page, lacksMember, 'bob');
    assert.deepEqual(await members(alice.page), ['alice']);
    assertNoPageErrors();
  } finally {
    if (carol) await carol.context.close();
    if (mallory) await mallory.context.close();
    await bob.context.close().catch(() => {});
    await alice.context.close();
  }
});

test('herald.js resumes a subscription from history after a dropped socket', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await openPage('/');
  try {
    await page.addScriptTag({ url: base + '/herald.js' });
    const channel = `t-recover-${tag}`;
    const result = await page.evaluate(async ({ channel, wait }) => {
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      async function waitFor(cond, what) {
        const end = Date.now() + wait;
        while (!cond()) {
          if (Date.now() > end) throw new Error('timed out waiting for ' + what);
          await sleep(20);
        }
      }
      // minDelay keeps the first client away long enough for the second one to publish.
      const a = new Herald.Client({ minDelay: 1000, maxDelay: 2000 });
      const b = new Herald.Client();
      const received = [];
      const subscribed = [];
      try {
        const sub = a.subscribe(channel);
        sub.on('message', (m) => received.push({ n: m.data.n, offset: m.offset }));
        sub.on('subscribed', (s) => subscribed.push(s));
        await waitFor(() => subscribed.length === 1, 'first subscribed');

        for (const n of [1, 2, 3]) await a.publish(channel, 'n', { n });
        await waitFor(() => received.length >= 3, 'first three messages');

        a._drop(); // internal test hook: lose the socket as a network failure would
        const stateWhileAway = a.state;
        for (const n of [4, 5]) await b.publish(channel, 'n', { n });
        const stateAfterPublishes = a.state;

        await waitFor(() => subscribed.length >= 2 && received.length >= 5, 'resubscribe and replay');
        await sleep(500); // give a duplicate the chance to show up
        return { received, subscribed, stateWhileAway, stateAfterPublishes, offset: sub.offset };
      } finally {
        a.close();
        b.close();
      }
    }, { channel, wait: 12_000 });

    assert.equal(result.stateWhileAway, 'reconnecting');
    assert.equal(result.stateAfterPublishes, 'reconnecting', 'second client published before the first reconnected');
    assert.deepEqual(result.received.map((m) => m.n), [1, 2, 3, 4, 5]);
    assert.equal(new Set(result.received.map((m) => m.offset)).size, 5, 'offsets are distinct');
    assert.equal(result.subscribed.length, 2);
    assert.equal(result.subscribed[1].recovered, true);
    assert.equal(result.subscribed[1].replayed, 2);
    assert.equal(result.offset, result.received[4].offset);
    assertNoPageErrors();
  } finally {
    await context.close();
  }
});

test('status page long-polls and shows the latest status', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await openPage('/status.html');
  try {
    await until(page, () => Number(document.querySelector('#polls')?.textContent) >= 1);
    // The server publishes a status every 5 s.
    await until(page, () => document.querySelector('#status-json')?.textContent.includes('uptimeSeconds'), null, 12_000);
    assert.match(await text(page, '#last-offset'), /^[A-Za-z0-9]{1,16}:\d+$/);
    assert.equal((await text(page, '#state')).trim(), 'polling');
    assertNoPageErrors();
  } finally {
    await context.close();
  }
});

test('herald.js renews an expired token through its url function; with a fixed url it stops', { timeout: TEST_TIMEOUT }, async () => {
  const { context, page } = await openPage('/');
  try {
    await page.addScriptTag({ url: base + '/herald.js' });
    // The server allows 30 s of clock skew, so a token 28 s past its exp is accepted for 1-2 s more.
    const tokens = [hs256('una', jwtSecret, -28), hs256('vic', jwtSecret)];
    const fixed = hs256('wes', jwtSecret, -28);
    const result = await page.evaluate(async ({ channel, tokens, fixed, wait }) => {
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      async function waitFor(cond, what) {
        const end = Date.now() + wait;
        while (!cond()) {
          if (Date.now() > end) throw new Error('timed out waiting for ' + what);
          await sleep(20);
        }
      }
      const url = location.origin.replace(/^http/, 'ws') + '/herald?token=';
      const renewing = new Herald.Client({ url: async () => url + tokens.shift() });
      const stuck = new Herald.Client({ url: url + fixed });
      // A url function that throws, then rejects, then answers: each failure is reported and
      // retried like a failed connection.
      let calls = 0;
      const flaky = new Herald.Client({
        minDelay: 50,
        maxDelay: 100,
        url: () => {
          calls++;
          if (calls === 1) throw new Error('no token yet'); // thrown, not a rejection
          if (calls === 2) return Promise.reject(new Error('token service down'));
          return location.origin.replace(/^http/, 'ws') + '/herald';
        },
      });
      const flakyErrors = [];
      flaky.on('error', (e) => flakyErrors.push(e.message));
      const closes = { renewing: [], stuck: [] };
      const users = [];
      const received = [];
      renewing.on('disconnected', (d) => closes.renewing.push(d));
      renewing.on('connected', (c) => users.push(c.user));
      stuck.on('disconnected', (d) => closes.stuck.push(d));
      try {
        const sub = renewing.subscribe(channel);
        sub.on('message', (m) => received.push(m.data.n));
        await waitFor(() => users.length === 2, 'a connection with the fresh token');
        await renewing.publish(channel, 'n', { n: 1 });
        await waitFor(() => received.length === 1, 'a message after the renewal');
        await waitFor(() => stuck.state === 'closed', 'the fixed-url client to stop');
        await waitFor(() => flaky.connected, 'the flaky url function to answer');
        return { closes, users, received, stuckState: stuck.state, flakyErrors, calls };
      } finally {
        renewing.close();
        stuck.close();
        flaky.close();
      }
    }, { channel: `t-token-${tag}`, tokens, fixed, wait: 12_000 });

    assert.deepEqual(result.users, ['una', 'vic']);
    assert.equal(result.closes.renewing.length, 1);
    assert.equal(result.closes.renewing[0].code, 4001);
    assert.equal(result.closes.renewing[0].willReconnect, true);
    assert.deepEqual(result.received, [1]);
    assert.equal(result.closes.stuck.length, 1);
    assert.equal(result.closes.stuck[0].code, 4001);
    assert.equal(result.closes.stuck[0].willReconnect, false);
    assert.equal(result.stuckState, 'closed');
    assert.deepEqual(result.flakyErrors, ['no token yet', 'token service down']);
    assert.equal(result.calls, 3);
    assertNoPageErrors();
  } finally {
    await context.close();
  }
});
