/**
 * The Herald console: REST calls for the audience and its topics, herald.js for everything on the socket.
 * Every value from the server or the user reaches the page as text (textContent), never as markup.
 */
import { Herald, HeraldError } from './herald.js';

/** Rows kept in the event log; older ones are removed so that a busy topic cannot slow the page down. */
const MAX_ROWS = 1000;
/** How often the consumers' offsets and lag are read again while the page is visible and has a token. */
const CONSUMERS_REFRESH_MS = 5000;

const $ = (id) => document.getElementById(id);

/** The connection of the current token, or null. */
let herald = null;
let token = null;
/** Whether the current connection has been open before: each later open is a reconnect. */
let wasOpen = false;
let reconnects = 0;
let eventCount = 0;
/** topic → 'pending' | 'subscribed' */
const subscriptions = new Map();
let knownTopics = [];
/** The token's subject: only its own consumers can be forgotten (an admin sees the audience's). */
let subject = null;
let consumersTimer = null;

// ---------------------------------------------------------------------------------------------- helpers

/** Creates an element; children are nodes or strings (added as text). */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  element.append(...children);
  return element;
}

/** "401 ETOKEN_INVALID: token is expired": code and status first, since that is what one searches for. */
function describe(error) {
  if (error instanceof HeraldError) {
    return `${error.status ? `${error.status} ` : ''}${error.code}: ${error.message}`;
  }
  if (error instanceof TypeError) {
    return `Herald is unreachable (${error.message})`;
  }
  return error.message;
}

function notify(id, text, kind = 'error') {
  const notice = $(id);
  notice.textContent = text;
  notice.dataset.kind = kind;
  notice.hidden = !text;
}

/** A Courier REST call with the current token; rejects with Herald's error envelope. */
async function api(method, path) {
  const response = await fetch(path, { method, headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  if (!response.ok) {
    throw await HeraldError.fromResponse(response);
  }
  return response.status === 204 ? null : response.json();
}

/** The claims of a JWT, for display only: the server verifies it, the page never trusts it. */
function claimsOf(jwt) {
  const payload = jwt.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

function showClaims(jwt) {
  const list = $('claims');
  list.replaceChildren();
  let claims;
  try {
    claims = claimsOf(jwt);
  } catch {
    list.hidden = true;
    return false;
  }
  subject = claims.sub ?? '';
  const expires = claims.exp ? new Date(claims.exp * 1000) : null;
  const rows = [
    ['Audience', [claims.aud].flat().join(', ') || '—'],
    ['Subject', claims.sub ?? '—'],
    ['Roles', (claims.groups ?? []).join(', ') || 'none'],
    ['Expires', expires ? `${expires.toLocaleString()}${expires < new Date() ? ' (expired)' : ''}` : 'never'],
  ];
  for (const [term, value] of rows) {
    list.append(el('dt', {}, term), el('dd', {}, value));
  }
  list.hidden = false;
  return true;
}

// ------------------------------------------------------------------------------------------ the event log

function append(row) {
  const log = $('log');
  log.querySelector('.placeholder')?.remove();
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.append(row);
  while (log.childElementCount > MAX_ROWS) {
    log.firstElementChild.remove();
  }
  if (atBottom) {
    row.scrollIntoView({ block: 'end' });
  }
}

function clock(date) {
  return date.toLocaleTimeString([], { hour12: false }) + `.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** A connection or subscription milestone, between the events it explains. */
function note(text, kind = 'info') {
  append(el('li', { class: 'note', 'data-kind': kind }, el('time', {}, clock(new Date())), ' ', text));
}

/**
 * A stable colour per topic, so that interleaved topics can be told apart at a glance. Steps of the golden
 * angle keep neighbouring hash values far apart on the colour wheel.
 */
function hue(topic) {
  let hash = 0;
  for (const char of topic) {
    hash = (hash * 31 + char.codePointAt(0)) % 1009;
  }
  return Math.round(hash * 137.508) % 360;
}

function showEvent(event) {
  const badge = el('span', { class: 'topic' }, event.topic);
  badge.style.setProperty('--hue', hue(event.topic));
  append(el('li', { class: 'event', 'data-topic': event.topic, 'data-seq': event.seq },
    el('div', { class: 'meta' },
      badge,
      el('span', { class: 'seq' }, `#${event.seq}`),
      el('time', { datetime: event.time, title: `committed ${event.time}` }, clock(new Date(event.time))),
      el('span', { class: 'name' }, event.name)),
    el('pre', {}, JSON.stringify(event.body, null, 2))));
  eventCount++;
  $('event-count').textContent = `${eventCount} event${eventCount === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------- topics

function renderTopics() {
  const names = [...new Set([...knownTopics, ...subscriptions.keys()])].sort();
  $('topics').replaceChildren(...names.map((topic) => {
    const state = subscriptions.get(topic);
    const button = el('button', { type: 'button', class: state ? 'secondary' : '', disabled: !herald || state === 'pending' },
      state ? 'Unsubscribe' : 'Subscribe');
    button.addEventListener('click', () => (state ? unsubscribe(topic) : subscribe(topic)));
    return el('li', { 'data-topic': topic, 'data-state': state ?? 'none' },
      el('span', { class: 'name' }, topic),
      el('span', { class: 'badge' }, state === 'subscribed' ? 'live' : state === 'pending' ? 'subscribing…' : ''),
      button);
  }));
  if (names.length === 0 && herald) {
    $('topics').append(el('li', { class: 'empty' }, 'No topics yet: publish to one, or subscribe by name below.'));
  }
  $('topic-names').replaceChildren(...names.map((topic) => el('option', { value: topic })));
}

async function loadTopics() {
  notify('topics-notice', '');
  $('audience-missing').hidden = true;
  try {
    knownTopics = (await api('GET', 'v1/topic')).map((topic) => topic.topic);
    renderTopics();
    return true;
  } catch (error) {
    if (error.code === 'EAUD_NOTFOUND') {
      $('audience-missing-text').textContent = `${error.message}. Herald needs it before topics can be used.`;
      $('audience-missing').hidden = false;
    } else {
      notify('topics-notice', `Topics could not be listed: ${describe(error)}`);
    }
    return false;
  }
}

async function subscribe(topic) {
  notify('topics-notice', '');
  subscriptions.set(topic, 'pending');
  renderTopics();
  try {
    const head = await herald.subscribe(topic, showEvent);
    subscriptions.set(topic, 'subscribed');
    const consumer = $('consumer').value.trim();
    note(`Subscribed to ${topic}${consumer ? ` as consumer ${consumer}` : ''} (head seq ${head})`);
  } catch (error) {
    subscriptions.delete(topic);
    if (error.code !== 'EUNSUBSCRIBED') {
      notify('topics-notice', `Subscribing to ${topic} was refused: ${describe(error)}`);
    }
  }
  renderTopics();
}

async function unsubscribe(topic) {
  subscriptions.delete(topic);
  renderTopics();
  try {
    await herald.unsubscribe(topic);
    note(`Unsubscribed from ${topic}`);
  } catch (error) {
    notify('topics-notice', `Unsubscribing from ${topic} failed: ${describe(error)}`);
  }
}

// -------------------------------------------------------------------------------------------- consumers

/** One row group per consumer: its name (and subject, when it is somebody else's), then a row per topic. */
function renderConsumers(rows) {
  const groups = new Map();
  for (const row of rows) {
    const key = JSON.stringify([row.subject, row.consumer]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const bodies = [...groups.values()].map((topics) => {
    const { consumer, subject: owner } = topics[0];
    const own = owner === subject;
    const forget = el('button', { type: 'button', class: 'link', hidden: !own }, 'Forget');
    forget.addEventListener('click', () => forgetConsumer(consumer));
    return el('tbody', { 'data-consumer': consumer, 'data-subject': owner },
      el('tr', {},
        el('th', { scope: 'rowgroup', colspan: 3 },
          el('span', { class: 'name' }, consumer), own ? '' : el('span', { class: 'owner' }, ` · ${owner}`)),
        el('td', {}, forget)),
      ...topics.map((row) => el('tr', { 'data-topic': row.topic, title: `last acked ${row.updated_at}` },
        el('td', { class: 'name' }, row.topic),
        el('td', { class: 'offset' }, String(row.offset)),
        el('td', { class: 'head' }, String(row.head)),
        el('td', { class: 'lag', 'data-behind': row.lag > 0 }, String(row.lag)))));
  });
  const table = $('consumers');
  table.querySelectorAll('tbody').forEach((body) => body.remove());
  table.append(...bodies);
  table.hidden = rows.length === 0;
  $('consumers-empty').hidden = rows.length > 0;
}

async function loadConsumers() {
  try {
    renderConsumers(await api('GET', 'v1/consumers'));
    notify('consumers-notice', '');
  } catch (error) {
    if (error.code === 'EAUD_NOTFOUND') {
      renderConsumers([]); // the topics section offers to create the audience
    } else {
      notify('consumers-notice', `Consumers could not be listed: ${describe(error)}`);
    }
  }
}

/** Forgets one of the caller's consumers: its next subscribe starts again from the topic's head. */
async function forgetConsumer(name) {
  try {
    // a name may hold "/": the route takes the rest of the path, so each part is encoded on its own
    await api('DELETE', `v1/consumers/${name.split('/').map(encodeURIComponent).join('/')}`);
    note(`Forgot consumer ${name}`);
  } catch (error) {
    notify('consumers-notice', `Consumer ${name} could not be forgotten: ${describe(error)}`);
  }
  await loadConsumers();
}

/** Reads the consumers now and every few seconds while the page is visible, for the current token. */
function watchConsumers() {
  clearInterval(consumersTimer);
  $('refresh-consumers').disabled = false;
  loadConsumers();
  consumersTimer = setInterval(() => {
    if (document.visibilityState === 'visible') {
      loadConsumers();
    }
  }, CONSUMERS_REFRESH_MS);
}

// ---------------------------------------------------------------------------------------- the connection

const STATE_TEXT = {
  connecting: () => 'Connecting…',
  open: ({ connectionId }) => `Connected · ${connectionId.slice(0, 8)}`,
  waiting: ({ delay }) => `Reconnecting in ${(delay / 1000).toFixed(1)} s`,
  closed: () => 'Not connected',
};

function onState({ detail }) {
  $('state').dataset.state = detail.state;
  $('state-text').textContent = STATE_TEXT[detail.state](detail);
  const open = detail.state === 'open';
  $('subscribe').disabled = !open;
  $('publish').disabled = !open;
  $('disconnect').disabled = detail.state === 'closed';
  if (open) {
    if (wasOpen) {
      reconnects++;
      $('reconnects').textContent = reconnects;
    }
    wasOpen = true;
    note(`Connected as connection ${detail.connectionId}`, 'good');
  } else if (detail.state === 'waiting') {
    note(`Connection lost (${detail.reason}); retrying in ${(detail.delay / 1000).toFixed(1)} s`, 'warn');
  } else if (detail.state === 'closed' && detail.error) {
    notify('token-notice', `Herald refused the connection: ${describe(detail.error)}`);
    note(`Disconnected: ${describe(detail.error)}`, 'error');
  }
  renderTopics();
}

function disconnect() {
  herald?.close();
  herald = null;
  subscriptions.clear();
  renderTopics();
}

async function useToken(jwt) {
  disconnect();
  token = jwt.trim();
  notify('token-notice', '');
  if (!showClaims(token)) {
    notify('token-notice', 'This is not a JWT: it should be three base64url parts separated by dots.');
    return;
  }
  $('refresh').disabled = false;
  if (!(await loadTopics())) {
    return; // nothing to connect to yet; a missing audience can be created from the notice
  }
  watchConsumers();
  wasOpen = false;
  // with a consumer name every subscription is durable, acked as soon as its event is shown
  herald = new Herald({ token, consumer: $('consumer').value.trim() || undefined });
  herald.addEventListener('state', onState);
  herald.addEventListener('resume', ({ detail }) =>
    note(`Resumed ${detail.topic} after seq ${detail.since ?? '(live)'}; head is ${detail.head}`, 'good'));
  herald.addEventListener('broadcast', ({ detail }) => showEvent(detail));
  herald.addEventListener('error', ({ detail }) => note(describe(detail), 'error'));
  herald.connect();
  renderTopics();
}

// ----------------------------------------------------------------------------------------------- wiring

$('token-form').addEventListener('submit', (submitted) => {
  submitted.preventDefault();
  useToken($('token').value);
});

$('dev-token').addEventListener('click', async () => {
  try {
    const response = await fetch('dev-token', { cache: 'no-store' });
    if (!response.ok) {
      throw await HeraldError.fromResponse(response);
    }
    $('token').value = await response.text();
    useToken($('token').value);
  } catch (error) {
    notify('token-notice', `The dev token is not available: ${describe(error)}`);
  }
});

$('create-audience').addEventListener('click', async () => {
  try {
    const audience = await api('POST', 'v1/audience');
    note(`Created audience ${audience.name}`, 'good');
    useToken(token);
  } catch (error) {
    notify('topics-notice', `The audience could not be created: ${describe(error)}`);
  }
});

$('refresh').addEventListener('click', loadTopics);
$('refresh-consumers').addEventListener('click', loadConsumers);

$('disconnect').addEventListener('click', () => {
  disconnect();
  note('Disconnected');
});

$('subscribe-form').addEventListener('submit', (submitted) => {
  submitted.preventDefault();
  const topic = $('subscribe-topic').value.trim();
  if (subscriptions.has(topic)) {
    notify('topics-notice', `Already subscribed to ${topic}.`, 'info');
    return;
  }
  $('subscribe-topic').value = '';
  subscribe(topic);
});

$('publish-form').addEventListener('submit', async (submitted) => {
  submitted.preventDefault();
  const topic = $('publish-topic').value.trim();
  let message;
  try {
    message = JSON.parse($('publish-message').value);
  } catch (error) {
    notify('publish-notice', `The message is not valid JSON: ${error.message}`);
    return;
  }
  if (message === null || typeof message !== 'object' || Array.isArray(message)) {
    notify('publish-notice', 'The message must be a JSON object, like {"hello": "world"}.');
    return;
  }
  notify('publish-notice', `Publishing to ${topic}…`, 'info');
  try {
    const seq = await herald.publish(topic, message);
    notify('publish-notice', `Committed to ${topic} as seq ${seq}.`, 'good');
    if (!knownTopics.includes(topic)) {
      knownTopics.push(topic);
      renderTopics();
    }
  } catch (error) {
    notify('publish-notice', `Publishing to ${topic} was refused: ${describe(error)}`);
  }
});

$('clear').addEventListener('click', () => {
  $('log').replaceChildren();
  eventCount = 0;
  $('event-count').textContent = '0 events';
});

// The run command hands its generated admin token to the page; anywhere else this answers 404.
fetch('dev-token', { method: 'HEAD', cache: 'no-store' })
  .then((response) => { $('dev-token').hidden = !response.ok; })
  .catch(() => {});
