// herald.js against a scripted server: what a real Herald rarely does on cue (array frames, duplicates,
// refusals, failing tickets), with node:test. Run by herald.console.HeraldJsTest, or: node --test src/test/js
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { Herald } from '../../main/webapp/console/herald.js';

/** A WebSocket whose server side the test plays: it records what the client sends. */
class ScriptedSocket {
  static opened = [];

  constructor(url, protocol) {
    this.url = url;
    this.protocol = protocol;
    this.sent = [];
    ScriptedSocket.opened.push(this);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close(code) {
    this.closedWith = code;
  }

  /** A server frame: a string as it is, anything else as JSON. */
  receive(frame) {
    this.onmessage({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** The frame last sent with that action. */
  last(action) {
    return this.sent.findLast((frame) => frame.action === action);
  }

  ack(action, seq) {
    this.receive({ type: 'ack', ref: this.last(action).ref, seq });
  }

  drop(code = 1000, reason = 'close') {
    this.onclose({ code, reason });
  }
}

/** What GET /v1/sign answers next; each call takes one, the last one repeats. */
let signAnswers;
let signCalls;

beforeEach(() => {
  ScriptedSocket.opened = [];
  signCalls = [];
  signAnswers = [() => ticket()];
  globalThis.WebSocket = ScriptedSocket;
  globalThis.fetch = async (url, init) => {
    signCalls.push({ url: String(url), authorization: init.headers.Authorization });
    return (signAnswers.length > 1 ? signAnswers.shift() : signAnswers[0])();
  };
});

afterEach(() => mock.restoreAll());

function ticket() {
  return Response.json({ key: `t${signCalls.length}`, url: `ws://herald.test/ws?token=t${signCalls.length}` });
}

const event = (topic, seq, body = { seq }) =>
  ({ type: 'event', topic, seq, id: `id-${seq}`, name: 'message', time: '2026-11-29T18:00:00.000000Z', body });

/** Lets pending promises and zero-delay timers run until the condition holds. */
async function until(condition) {
  for (let i = 0; i < 200 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  assert.ok(condition(), `timed out waiting for ${condition}`);
}

/** A client whose reconnects wait at most 1 ms, with an open connection. */
async function connected() {
  const herald = new Herald({ token: 'jwt', url: 'http://herald.test/', backoff: { initial: 1, max: 1 } });
  herald.connect();
  await until(() => ScriptedSocket.opened.length === 1);
  ScriptedSocket.opened[0].receive('3f7c2b1e-0000-4000-8000-000000000001');
  return { herald, socket: ScriptedSocket.opened[0] };
}

test('connects with a ticket signed for the bearer token and the herald.v1 subprotocol', async () => {
  const { herald, socket } = await connected();
  assert.deepEqual(signCalls, [{ url: 'http://herald.test/v1/sign', authorization: 'Bearer jwt' }]);
  assert.equal(socket.url, 'ws://herald.test/ws?token=t1');
  assert.equal(socket.protocol, 'herald.v1');
  assert.equal(herald.state, 'open');
  assert.equal(herald.connectionId, '3f7c2b1e-0000-4000-8000-000000000001');
});

test('actions resolve with the seq of their ack and reject with the code of an error frame', async () => {
  const { herald, socket } = await connected();
  const subscribed = herald.subscribe('orders', () => {});
  socket.ack('subscribe', 4);
  assert.equal(await subscribed, 4);

  const published = herald.publish('orders', { id: 1 });
  assert.deepEqual(socket.last('publish'), { action: 'publish', topic: 'orders', message: { id: 1 }, ref: 2 });
  socket.ack('publish', 5);
  assert.equal(await published, 5);

  const refused = herald.subscribe('users/bob', () => {});
  socket.receive({ type: 'error', ref: socket.last('subscribe').ref, code: 'ETOPIC_FORBIDDEN', error: 'Topic users/bob is not allowed' });
  await assert.rejects(refused, { name: 'HeraldError', code: 'ETOPIC_FORBIDDEN', message: 'Topic users/bob is not allowed' });
  await assert.rejects(herald.subscribe('orders', () => {}), { code: 'ESUBSCRIBED' });
});

test('events arrive one per frame or batched in arrays, in order, and duplicates are dropped', async () => {
  const { herald, socket } = await connected();
  const seen = [];
  herald.subscribe('orders', (e) => seen.push(e.seq));
  socket.ack('subscribe', 0);
  socket.receive(event('orders', 1));
  socket.receive([event('orders', 2), event('orders', 3)]);
  socket.receive([event('orders', 3), event('orders', 4)]);
  socket.receive(event('other', 9));
  assert.deepEqual(seen, [1, 2, 3, 4]);
});

test('after a drop it signs a fresh ticket and resumes each topic from the last seq it delivered', async () => {
  const { herald, socket } = await connected();
  const seen = [];
  const resumed = [];
  herald.addEventListener('resume', ({ detail }) => resumed.push(detail));
  herald.subscribe('orders', (e) => seen.push(`orders ${e.seq}`));
  herald.subscribe('quiet', (e) => seen.push(`quiet ${e.seq}`));
  herald.subscribe('audit', (e) => seen.push(`audit ${e.seq}`), { since: 10 });
  const [orders, quiet, audit] = socket.sent;
  socket.receive({ type: 'ack', ref: orders.ref, seq: 2 });
  socket.receive({ type: 'ack', ref: quiet.ref, seq: 7 });
  socket.receive({ type: 'ack', ref: audit.ref, seq: 10 });
  socket.receive(event('orders', 3));
  const inFlight = herald.publish('orders', { n: 1 });

  socket.drop(1000, 'close');
  await assert.rejects(inFlight, { code: 'ECONNECTION_LOST' });
  const queued = herald.publish('orders', { n: 2 }); // while disconnected: sent once connected again
  await until(() => ScriptedSocket.opened.length === 2);
  const second = ScriptedSocket.opened[1];
  assert.equal(second.url, 'ws://herald.test/ws?token=t2');
  second.receive('3f7c2b1e-0000-4000-8000-000000000002');
  assert.deepEqual(second.sent.map(({ action, topic, since }) => [action, topic, since]), [
    ['subscribe', 'orders', 3], // the last seq delivered
    ['subscribe', 'quiet', 7], // nothing delivered: the head of its first ack
    ['subscribe', 'audit', 10], // nothing delivered: where it asked to start
    ['publish', 'orders', undefined],
  ]);
  second.receive([event('orders', 3), event('orders', 4)]);
  second.ack('publish', 5);
  assert.equal(await queued, 5);
  for (const frame of second.sent.filter((f) => f.action === 'subscribe')) {
    second.receive({ type: 'ack', ref: frame.ref, seq: 9 });
  }
  assert.deepEqual(seen, ['orders 3', 'orders 4']);
  assert.deepEqual(resumed.map((r) => r.topic), ['orders', 'quiet', 'audit']);
  assert.deepEqual(resumed[0], { topic: 'orders', since: 3, head: 9 });
});

test('retries wait a random time up to a ceiling that doubles to the maximum, and start over once admitted', async () => {
  mock.method(Math, 'random', () => 0.999);
  signAnswers = [() => { throw new TypeError('fetch failed'); }];
  const herald = new Herald({ token: 'jwt', url: 'http://herald.test/', backoff: { initial: 2, max: 10 } });
  const delays = [];
  herald.addEventListener('state', ({ detail }) => detail.state === 'waiting' && delays.push(detail.delay));
  herald.connect();
  await until(() => delays.length === 5);
  assert.deepEqual(delays, [2, 4, 8, 10, 10]);

  signAnswers = [() => ticket()];
  await until(() => ScriptedSocket.opened.length === 1);
  ScriptedSocket.opened[0].receive('3f7c2b1e-0000-4000-8000-000000000003');
  ScriptedSocket.opened[0].drop(1001, 'going away');
  assert.equal(delays.at(-1), 2);
  herald.close();
});

test('a token Herald refuses stops reconnecting, with the refusal', async () => {
  signAnswers = [() => Response.json({ code: 'ETOKEN_INVALID', error: 'Expired JWT', status: 401 }, { status: 401 })];
  const herald = new Herald({ token: () => 'expired', url: 'http://herald.test/' });
  const states = [];
  herald.addEventListener('state', ({ detail }) => states.push(detail));
  herald.connect();
  await until(() => herald.state === 'closed');
  assert.equal(states.at(-1).error.code, 'ETOKEN_INVALID');
  assert.equal(states.at(-1).error.status, 401);
  assert.equal(signCalls.length, 1);
  await assert.rejects(herald.publish('orders', {}), { code: 'ECLOSED' });
});

test('broadcasts are dispatched as broadcast events', async () => {
  const { herald, socket } = await connected();
  const broadcasts = [];
  herald.addEventListener('broadcast', ({ detail }) => broadcasts.push(detail.body));
  socket.receive({ ...event('$broadcast', 1), name: 'broadcast', body: { all: true } });
  assert.deepEqual(broadcasts, [{ all: true }]);
});

test('a durable consumer subscribes with its name, acks each event once its handler is done, in seq order', async () => {
  const herald = new Herald({ token: 'jwt', url: 'http://herald.test/', consumer: 'orders-worker' });
  herald.connect();
  await until(() => ScriptedSocket.opened.length === 1);
  const socket = ScriptedSocket.opened[0];
  socket.receive('3f7c2b1e-0000-4000-8000-000000000004');
  let finishFirst;
  const handled = [];
  herald.subscribe('orders', (e) => {
    handled.push(e.seq);
    return e.seq === 1 ? new Promise((resolve) => { finishFirst = resolve; }) : undefined;
  });
  assert.deepEqual(socket.last('subscribe'), { action: 'subscribe', topic: 'orders', consumer: 'orders-worker', ref: 1 });
  socket.ack('subscribe', 0);
  socket.receive([event('orders', 1), event('orders', 2)]);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(socket.last('ack'), undefined, 'nothing acked while the handler of 1 is still running');
  finishFirst();
  await until(() => socket.last('ack') !== undefined);
  assert.deepEqual(handled, [1, 2]);
  assert.deepEqual(socket.sent.filter((f) => f.action === 'ack').map(({ topic, seq }) => [topic, seq]), [['orders', 2]],
    'one cumulative ack for the batch');
  socket.ack('ack', 2);
  herald.close();
});

test('a durable consumer resumes through Herald and acks again what it processed when the ack was lost', async () => {
  const herald = new Herald({ token: 'jwt', url: 'http://herald.test/', backoff: { initial: 1, max: 1 }, consumer: 'w' });
  herald.connect();
  await until(() => ScriptedSocket.opened.length === 1);
  const socket = ScriptedSocket.opened[0];
  socket.receive('3f7c2b1e-0000-4000-8000-000000000005');
  const seen = [];
  herald.subscribe('jobs', (e) => seen.push(e.seq), { since: 0 });
  assert.deepEqual(socket.last('subscribe'), { action: 'subscribe', topic: 'jobs', consumer: 'w', since: 0, ref: 1 });
  socket.ack('subscribe', 3);
  socket.receive([event('jobs', 1), event('jobs', 2), event('jobs', 3)]);
  await until(() => socket.last('ack') !== undefined);
  assert.equal(socket.last('ack').seq, 3);
  socket.drop(1006, ''); // before the ack came back

  await until(() => ScriptedSocket.opened.length === 2);
  const second = ScriptedSocket.opened[1];
  second.receive('3f7c2b1e-0000-4000-8000-000000000006');
  assert.deepEqual(second.last('subscribe'), { action: 'subscribe', topic: 'jobs', consumer: 'w', since: 3, ref: 3 });
  second.receive(event('jobs', 3)); // Herald had stored 2: 3 again, dropped as a duplicate
  second.ack('subscribe', 3);
  await until(() => second.last('ack') !== undefined);
  assert.deepEqual(second.last('ack'), { action: 'ack', topic: 'jobs', seq: 3, ref: 4 });
  assert.deepEqual(seen, [1, 2, 3]);

  second.receive({ type: 'error', ref: 4, code: 'ESEQ_INVALID', error: 'seq 3 is beyond the topic\'s head 2' });
  await assert.rejects(herald.ack('other', 1), { code: 'ENOT_DURABLE' });
  const manual = herald.ack('jobs', 3);
  second.ack('ack', 3);
  assert.equal(await manual, 3);
  herald.close();
});
