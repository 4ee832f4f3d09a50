/**
 * Calls Herald from pages of two other origins in headless Chromium, as a browser app would:
 *
 *   node cors-e2e.mjs <heraldUrl> <listedPageUrl> <otherPageUrl> <bearerToken> <basicAuthorization> <stream> <otherStream>
 *
 * The page at listedPageUrl is on an origin herald.cors.allowed-origins lists: it imports herald.js, asks
 * /v1/sign with a bearer token, produces an Eventserver event into <stream> with Basic credentials and reads
 * refusals as such. The page at otherPageUrl is on an origin not listed: every one of those calls fails as a
 * network error, and its produce into <otherStream> is never sent. Prints one line per step and ends with
 * "cors e2e: passed"; on the first failure prints why and exits 1.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

const [herald, listedPage, otherPage, bearer, basic, stream, otherStream] = process.argv.slice(2);
if (!otherStream) {
  console.error('usage: node cors-e2e.mjs <heraldUrl> <listedPageUrl> <otherPageUrl> <bearerToken> <basicAuthorization> <stream> <otherStream>');
  process.exit(2);
}

const step = (text) => console.log(`- ${text}`);

/**
 * Runs in the page: each call Herald's browser clients make, with what came back, or the error's name when the
 * browser refused the answer (a failed CORS check is a TypeError, whatever the server said).
 */
function callHerald([base, token, authorization, streamName]) {
  const outcome = (promise) => promise.then((value) => ({ value }), (error) => ({ error: error.name }));
  const text = async (response) => ({
    status: response.status,
    body: await response.text(),
    wwwAuthenticate: response.headers.get('WWW-Authenticate'),
  });
  return Promise.all([
    outcome(import(new URL('herald.js', base).href).then((module) => typeof module.Herald)),
    outcome(fetch(new URL('v1/sign', base), { headers: { Authorization: `Bearer ${token}` } }).then(text)),
    outcome(fetch(new URL(`api/v1/streams/${streamName}/events`, base), {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json', 'X-Producer-ID': 'shop' },
      body: JSON.stringify({ event: { name: 'OrderPlaced', version: 1 }, payload: { order: 42 } }),
    }).then(text)),
    outcome(fetch(new URL('v1/topic', base)).then(text)),
    outcome(fetch(new URL(`api/v1/streams/${streamName}/events?eventName=OrderPlaced`, base), {
      headers: { Authorization: 'Basic bm9ib2R5Om5vdGhpbmc=', 'X-Consumer-ID': 'billing' },
    }).then(text)),
  ]).then(([module, sign, produce, topics, unauthorized]) => ({ module, sign, produce, topics, unauthorized }));
}

async function fromListedOrigin(page) {
  await page.goto(listedPage);
  const origin = new URL(listedPage).origin;
  const { module, sign, produce, topics, unauthorized } = await page.evaluate(callHerald, [herald, bearer, basic, stream]);
  assert.deepEqual(module, { value: 'function' }, 'import of herald.js');
  step(`${origin} imports herald.js as a module`);
  assert.equal(sign.value?.status, 200, `GET /v1/sign: ${JSON.stringify(sign)}`);
  assert.match(JSON.parse(sign.value.body).url, /^ws:\/\/.+\/ws\?token=/);
  step('it gets a WebSocket ticket from /v1/sign with its bearer token (preflighted)');
  assert.equal(produce.value?.status, 200, `Eventserver POST: ${JSON.stringify(produce)}`);
  assert.match(JSON.parse(produce.value.body), /^[0-9a-f-]{36}$/);
  step(`it produces into ${stream} with Basic credentials and X-Producer-ID (preflighted)`);
  assert.equal(topics.value?.status, 401, `GET /v1/topic without a token: ${JSON.stringify(topics)}`);
  assert.equal(JSON.parse(topics.value.body).code, 'ETOKEN_INVALID');
  assert.equal(unauthorized.value?.status, 401, `Eventserver pull with wrong credentials: ${JSON.stringify(unauthorized)}`);
  assert.equal(unauthorized.value.body, '"Unauthorized"');
  assert.equal(unauthorized.value.wwwAuthenticate, 'Basic realm="herald"');
  step('it reads refusals as such: the Courier envelope, the Eventserver string and WWW-Authenticate');
}

async function fromOtherOrigin(page) {
  await page.goto(otherPage);
  const origin = new URL(otherPage).origin;
  const results = await page.evaluate(callHerald, [herald, bearer, basic, otherStream]);
  for (const [call, result] of Object.entries(results)) {
    assert.deepEqual(result, { error: 'TypeError' }, `${call} from ${origin}: ${JSON.stringify(result)}`);
  }
  step(`${origin}, not listed, gets a network error for each of the same calls`);
}

const profile = await mkdtemp(join(tmpdir(), 'herald-cors-e2e-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const page = context.pages()[0] ?? await context.newPage();
let failed = false;
try {
  await fromListedOrigin(page);
  await fromOtherOrigin(page);
  console.log('cors e2e: passed');
} catch (error) {
  failed = true;
  console.error(`cors e2e: FAILED: ${error.stack ?? error}`);
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
