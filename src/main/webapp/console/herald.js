/**
 * herald.js — a browser client for Herald's `herald.v1` WebSocket protocol (docs/websocket-protocol.md).
 *
 * It exchanges the app's JWT for a single-use ticket (`GET /v1/sign`) before every connection, turns acks and
 * error frames into settled promises, reconnects with exponential backoff and full jitter, and resumes every
 * subscription from the last seq it delivered, so that a handler sees every event committed after its
 * subscription was acknowledged exactly once and in seq order, across any number of reconnects.
 *
 * A plain ES module without dependencies, served by Herald: `import { Herald } from '/herald.js'`.
 *
 * @example
 * const herald = new Herald({ token: () => session.jwt });
 * herald.addEventListener('state', (e) => console.log(e.detail.state));
 * herald.connect();
 * await herald.subscribe('orders', (event) => console.log(event.seq, event.body));
 * const seq = await herald.publish('orders', { id: 42 });
 *
 * // A durable consumer: Herald keeps its place; it resumes after the last ack, on any machine.
 * const worker = new Herald({ token: () => session.jwt, consumer: 'orders-worker' });
 * worker.connect();
 * await worker.subscribe('orders', async (event) => process(event)); // acked once the handler is done
 * @module herald
 */

const PROTOCOL = 'herald.v1';
const BROADCAST = '$broadcast';

/**
 * An event as Herald delivers it.
 * @typedef {object} HeraldEvent
 * @property {string} topic
 * @property {number} seq   position in the topic, gapless from 1
 * @property {string} id
 * @property {string} name  `message` for publishes, the event name for Eventserver posts
 * @property {string} time  commit time, RFC 3339 UTC with microseconds
 * @property {*} body       the stored JSON
 */

/**
 * A refusal from Herald: an HTTP error envelope or an error frame, with Herald's code. herald.js adds its own:
 * `ECONNECTION_LOST` (the connection ended before the ack), `ECLOSED` (closed before sending),
 * `ESUBSCRIBED` / `EUNSUBSCRIBED` (subscribed twice / unsubscribed before the ack) and `EHTTP` (an HTTP
 * error without Herald's envelope).
 */
export class HeraldError extends Error {
  /**
   * @param {string} code    Herald's error code, e.g. `ETOPIC_FORBIDDEN`, `EAUD_NOTFOUND`
   * @param {string} message
   * @param {number} [status] HTTP status, for refusals of HTTP requests
   */
  constructor(code, message, status) {
    super(message);
    this.name = 'HeraldError';
    this.code = code;
    this.status = status;
  }

  /** The error of a failed HTTP response, from Herald's envelope `{"code","error","status"}` when it has one. */
  static async fromResponse(response) {
    const envelope = await response.json().catch(() => null);
    return envelope?.code
      ? new HeraldError(envelope.code, envelope.error, response.status)
      : new HeraldError('EHTTP', `HTTP ${response.status} ${response.statusText}`.trim(), response.status);
  }
}

/**
 * One connection to Herald that survives disconnects. Dispatches:
 * - `state`: `detail.state` is `connecting`, `open` (with `connectionId`), `waiting` (with `delay` in ms and
 *   `reason`), or `closed` (with `error` when Herald refused the credentials);
 * - `resume`: after a reconnect, a subscription was acknowledged again; `detail` is `{topic, since, head}`;
 * - `broadcast`: a broadcast to the audience arrived; `detail` is the {@link HeraldEvent};
 * - `error`: a refusal no promise was waiting for; `detail` is a {@link HeraldError}.
 */
export class Herald extends EventTarget {
  #token;
  #base;
  #backoff;
  #consumer;
  #autoAck;
  #state = 'closed';
  #stopped = true;
  /** Bumped by every attempt and by close(), so that a superseded attempt gives up after its await. */
  #generation = 0;
  #socket = null;
  #connectionId = null;
  #timer = null;
  #failures = 0;
  #nextRef = 1;
  /** @type {Map<string, Subscription>} */
  #subscriptions = new Map();
  /** ref → what to do with its ack or error frame, for frames sent on the current socket */
  #awaiting = new Map();
  /** publishes waiting for a connection: `{frame, outcome, reject}` */
  #unsent = [];

  /**
   * @param {object} options
   * @param {string | (() => string | Promise<string>)} options.token the app's JWT, or a function returning a
   *   current one; it is asked again before every (re)connect
   * @param {string | URL} [options.url] Herald's base URL; by default the server this module was loaded from
   * @param {{initial?: number, max?: number}} [options.backoff] reconnect delays in ms: the n-th consecutive
   *   retry waits a random time up to `min(max, initial * 2^n)` (defaults 500 and 30000)
   * @param {string} [options.consumer] subscribe as this durable consumer (1–128 printable ASCII): Herald
   *   stores how far it got per topic and resumes it from there, after any reconnect, page reload or restart
   * @param {boolean} [options.autoAck] for durable subscriptions, ack each event once its handler has
   *   returned (and the promise it returned has settled), in seq order; default true. Otherwise call {@link ack}.
   */
  constructor({ token, url = new URL('./', import.meta.url), backoff = {}, consumer, autoAck = true }) {
    super();
    this.#token = typeof token === 'function' ? token : () => token;
    this.#base = new URL(url);
    this.#backoff = { initial: 500, max: 30_000, ...backoff };
    this.#consumer = consumer;
    this.#autoAck = autoAck;
  }

  /** `connecting`, `open`, `waiting` (between attempts) or `closed`. */
  get state() {
    return this.#state;
  }

  /** The id Herald gave the current connection, or null when not open. */
  get connectionId() {
    return this.#connectionId;
  }

  /** Starts connecting, and reconnecting whenever the connection ends, until {@link close}. */
  connect() {
    if (this.#stopped) {
      this.#stopped = false;
      this.#failures = 0;
      this.#open();
    }
  }

  /**
   * Closes the connection and stops reconnecting. Subscriptions stay registered: a later {@link connect}
   * resumes them. Publishes not yet acknowledged are rejected.
   */
  close() {
    if (!this.#stopped) {
      this.#stop(null);
    }
  }

  /**
   * Subscribes to a topic. Until the subscription is acknowledged (it is sent as soon as a connection is
   * open) nothing is guaranteed; from then on `onEvent` receives every committed event once, in seq order.
   *
   * @param {string} topic
   * @param {(event: HeraldEvent) => void} onEvent
   * @param {{since?: number | string, consumer?: string}} [options] replay from after this seq, or from this
   *   RFC 3339 time (for a durable consumer: only the first time it subscribes to the topic); `consumer`
   *   overrides the constructor's
   * @returns {Promise<number>} the topic's head seq when first acknowledged
   */
  subscribe(topic, onEvent, { since, consumer = this.#consumer } = {}) {
    if (this.#subscriptions.has(topic)) {
      return Promise.reject(new HeraldError('ESUBSCRIBED', `Already subscribed to ${topic}`));
    }
    const subscription = new Subscription(topic, onEvent, since, consumer);
    this.#subscriptions.set(topic, subscription);
    if (this.#state === 'open') {
      this.#sendSubscribe(subscription);
    }
    return subscription.acknowledged;
  }

  /**
   * Stops delivering a topic at once and tells Herald. A subscription not acknowledged yet has its promise
   * rejected with `EUNSUBSCRIBED`.
   * @param {string} topic
   * @returns {Promise<number>} the topic's head seq; immediately 0 when not connected
   */
  unsubscribe(topic) {
    const subscription = this.#subscriptions.get(topic);
    this.#subscriptions.delete(topic);
    subscription?.fail(new HeraldError('EUNSUBSCRIBED', `Unsubscribed from ${topic} before it was acknowledged`));
    if (this.#state !== 'open') {
      return Promise.resolve(0);
    }
    return new Promise((resolve, reject) => {
      this.#send({ action: 'unsubscribe', topic }, { ack: (ack) => resolve(ack.seq), error: reject, lost: () => resolve(0) });
    });
  }

  /**
   * Acknowledges every event of a durable subscription up to `seq`: Herald moves the consumer's offset there
   * (never backwards) and a later subscribe resumes after it.
   * @param {string} topic
   * @param {number} seq
   * @returns {Promise<number>} the consumer's offset once stored; rejected with Herald's refusal (e.g.
   *   `ESEQ_INVALID` beyond the head), with `ENOT_DURABLE` for a topic not subscribed as a consumer, or with
   *   `ECONNECTION_LOST` (the next resume acks again what was delivered)
   */
  ack(topic, seq) {
    const subscription = this.#subscriptions.get(topic);
    if (!subscription?.consumer) {
      return Promise.reject(new HeraldError('ENOT_DURABLE', `${topic} is not subscribed as a durable consumer`));
    }
    if (this.#state !== 'open') {
      return Promise.reject(new HeraldError('ECONNECTION_LOST', 'Not connected; the next resume acks what was delivered'));
    }
    return new Promise((resolve, reject) => {
      subscription.acked = Math.max(subscription.acked, seq);
      this.#send({ action: 'ack', topic, seq }, {
        ack: (ack) => resolve(ack.seq),
        error: reject,
        lost: () => reject(new HeraldError('ECONNECTION_LOST', `The connection ended before Herald stored the ack of ${topic}`)),
      });
    });
  }

  /**
   * Publishes a message to a topic, now or as soon as a connection is open.
   * @param {string} topic
   * @param {object} message any JSON object
   * @returns {Promise<number>} the committed event's seq. Rejected with Herald's refusal, or with
   *   `ECONNECTION_LOST` if the connection ended after sending and before the ack: the event may or may not
   *   have been committed, so it is not sent again.
   */
  publish(topic, message) {
    return new Promise((resolve, reject) => {
      const frame = { action: 'publish', topic, message };
      const outcome = {
        ack: (ack) => resolve(ack.seq),
        error: reject,
        lost: () => reject(new HeraldError('ECONNECTION_LOST',
          `The connection ended before Herald acknowledged the publish to ${topic}; it may or may not be committed`)),
      };
      if (this.#state === 'open') {
        this.#send(frame, outcome);
      } else if (this.#stopped) {
        reject(new HeraldError('ECLOSED', 'Not connected: call connect() first'));
      } else {
        this.#unsent.push({ frame, outcome, reject });
      }
    });
  }

  async #open() {
    const generation = ++this.#generation;
    this.#setState('connecting');
    try {
      const { url } = await this.#sign();
      if (generation !== this.#generation) {
        return;
      }
      const socket = new WebSocket(url, PROTOCOL);
      this.#socket = socket;
      socket.onmessage = (message) => socket === this.#socket && this.#receive(message.data);
      socket.onclose = (closed) => socket === this.#socket && this.#lost(closed);
    } catch (error) {
      if (generation !== this.#generation) {
        return;
      }
      // A refused token or a missing audience will be refused again: retrying would only hammer the server.
      if (error instanceof HeraldError && error.status >= 400 && error.status < 500) {
        this.#stop(error);
      } else {
        this.#retry(error.message);
      }
    }
  }

  async #sign() {
    const response = await fetch(new URL('v1/sign', this.#base), {
      headers: { Authorization: `Bearer ${await this.#token()}` },
      cache: 'no-store',
    });
    if (!response.ok) {
      throw await HeraldError.fromResponse(response);
    }
    return response.json();
  }

  #receive(data) {
    if (this.#connectionId === null) {
      this.#opened(data); // the first frame is the bare connection id, not JSON
      return;
    }
    const frame = JSON.parse(data);
    for (const item of Array.isArray(frame) ? frame : [frame]) {
      if (item.type === 'event') {
        this.#deliver(item);
      } else {
        this.#settle(item);
      }
    }
  }

  #opened(connectionId) {
    this.#connectionId = connectionId;
    this.#failures = 0;
    this.#setState('open', { connectionId });
    for (const subscription of this.#subscriptions.values()) {
      this.#sendSubscribe(subscription);
    }
    for (const { frame, outcome } of this.#unsent.splice(0)) {
      this.#send(frame, outcome);
    }
  }

  #sendSubscribe(subscription) {
    const since = subscription.resumeFrom();
    const consumer = subscription.consumer;
    // A durable consumer resumes from the offset Herald stored; `since` only counts if Herald has none.
    this.#send(consumer ? { action: 'subscribe', topic: subscription.topic, consumer, since } : { action: 'subscribe', topic: subscription.topic, since }, {
      ack: (ack) => {
        if (subscription.acknowledge(ack.seq) && this.#subscriptions.get(subscription.topic) === subscription) {
          this.#emit('resume', { topic: subscription.topic, since, head: ack.seq });
          if (consumer && subscription.processed > subscription.acked) {
            this.#sendAck(subscription); // an ack lost with the last connection
          }
        }
      },
      error: (error) => {
        if (this.#subscriptions.get(subscription.topic) !== subscription) {
          return; // unsubscribed meanwhile
        }
        this.#subscriptions.delete(subscription.topic);
        if (!subscription.fail(error)) {
          this.#emit('error', error); // refused on resume: its promise settled long ago
        }
      },
      lost: () => {}, // sent again on the next connection
    });
  }

  #send(frame, outcome) {
    const ref = this.#nextRef++;
    this.#awaiting.set(ref, outcome);
    this.#socket.send(JSON.stringify({ ...frame, ref }));
  }

  #settle(frame) {
    const outcome = this.#awaiting.get(frame.ref);
    this.#awaiting.delete(frame.ref);
    const error = frame.type === 'error' && new HeraldError(frame.code, frame.error);
    if (!outcome) {
      if (error) {
        this.#emit('error', error);
      }
    } else if (error) {
      outcome.error(error);
    } else {
      outcome.ack(frame);
    }
  }

  #deliver(event) {
    if (event.topic === BROADCAST) {
      this.#emit('broadcast', event);
      return;
    }
    const subscription = this.#subscriptions.get(event.topic);
    if (subscription?.accepts(event.seq)) {
      let result;
      try {
        result = subscription.onEvent(event);
      } catch (error) {
        reportError(error); // the app's bug must not stop delivery of the next events
      }
      if (subscription.consumer && this.#autoAck) {
        // acked in seq order, each once its handler is done, a batch of them with one frame
        subscription.done = subscription.done.then(() => result).catch((error) => reportError(error)).then(() => {
          subscription.processed = event.seq;
          if (!subscription.ackQueued) {
            subscription.ackQueued = true;
            setTimeout(() => this.#sendAck(subscription), 0);
          }
        });
      }
    }
  }

  /** Acks what the handler processed, if the subscription is still current and connected. */
  #sendAck(subscription) {
    subscription.ackQueued = false;
    if (this.#subscriptions.get(subscription.topic) !== subscription || this.#state !== 'open'
      || subscription.processed <= subscription.acked) {
      return;
    }
    subscription.acked = subscription.processed;
    this.#send({ action: 'ack', topic: subscription.topic, seq: subscription.processed }, {
      ack: () => {},
      error: (error) => this.#emit('error', error),
      lost: () => {
        subscription.acked = 0; // sent again after the resume
      },
    });
  }

  #lost(closed) {
    this.#detach();
    if (!this.#stopped) {
      this.#retry(`closed ${closed.code}${closed.reason ? ` ${closed.reason}` : ''}`);
    }
  }

  /** Waits a random time up to the doubled ceiling ("full jitter"), so clients dropped together come back spread out. */
  #retry(reason) {
    const ceiling = Math.min(this.#backoff.max, this.#backoff.initial * 2 ** this.#failures++);
    const delay = Math.round(Math.random() * ceiling);
    this.#setState('waiting', { delay, reason });
    this.#timer = setTimeout(() => this.#open(), delay);
  }

  #stop(error) {
    this.#stopped = true;
    this.#generation++;
    clearTimeout(this.#timer);
    const socket = this.#socket;
    this.#detach();
    socket?.close(1000);
    for (const { frame, reject } of this.#unsent.splice(0)) {
      reject(new HeraldError('ECLOSED', `Closed before the publish to ${frame.topic} was sent`));
    }
    this.#setState('closed', error ? { error } : {});
  }

  /** Forgets the current socket; frames sent on it that were not answered will never be. */
  #detach() {
    this.#socket = null;
    this.#connectionId = null;
    const unanswered = [...this.#awaiting.values()];
    this.#awaiting.clear();
    unanswered.forEach((outcome) => outcome.lost());
  }

  #setState(state, detail = {}) {
    this.#state = state;
    this.#emit('state', { state, ...detail });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** What the client remembers of one topic between connections. */
class Subscription {
  /** The last seq delivered; events at or below it are duplicates. */
  #lastSeq;
  /** The head when a live subscription was first acknowledged: where it resumes from if no event came yet. */
  #head = null;
  #since;
  #settle;
  /** Durable consumers: the last seq whose handler is done, the last acked, and the chain of handlers. */
  processed = 0;
  acked = 0;
  ackQueued = false;
  done = Promise.resolve();

  constructor(topic, onEvent, since, consumer) {
    this.topic = topic;
    this.onEvent = onEvent;
    this.consumer = consumer;
    this.#since = since;
    this.#lastSeq = typeof since === 'number' ? since : null;
    this.acknowledged = new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
  }

  /**
   * `since` for the next subscribe frame. An ack's head is never taken as delivered, since events at or below
   * it may still be on their way and would then be dropped as duplicates; it is only where a live
   * subscription that has delivered nothing yet resumes.
   */
  resumeFrom() {
    return this.#lastSeq ?? this.#head ?? this.#since;
  }

  /** Records an ack; true if it was a resume (the first ack settles the promise instead). */
  acknowledge(head) {
    if (this.#settle) {
      if (this.#since === undefined) {
        this.#head = head;
      }
      this.#settle.resolve(head);
      this.#settle = null;
      return false;
    }
    return true;
  }

  /** Rejects the promise if it is still pending; false if it had already settled. */
  fail(error) {
    if (!this.#settle) {
      return false;
    }
    this.#settle.reject(error);
    this.#settle = null;
    return true;
  }

  /** Whether the event is new; duplicates (a resume overlapping what was delivered) are dropped. */
  accepts(seq) {
    if (this.#lastSeq !== null && seq <= this.#lastSeq) {
      return false;
    }
    this.#lastSeq = seq;
    return true;
  }
}
