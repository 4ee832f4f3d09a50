/**
 * Drives the Herald console, and herald.js inside it, in headless Chromium against a running Herald:
 *
 *   node console-e2e.mjs <baseUrl> <userToken> <connectorToken> <screenshotPath>
 *
 * userToken is a user of an audience that does not exist yet (the console creates it); connectorToken is a
 * connector of the same audience (it drops the user's socket). Prints one line per step and ends with
 * "console e2e: passed"; on the first failure prints why, saves the screenshot anyway and exits 1.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const WAIT = { timeout: 15_000 };
/** A laptop screen. */
const VIEWPORT = { width: 1366, height: 800 };

const [baseUrl, userToken, connectorToken, screenshotPath] = process.argv.slice(2);
if (!screenshotPath) {
  console.error('usage: node console-e2e.mjs <baseUrl> <userToken> <connectorToken> <screenshotPath>');
  process.exit(2);
}
const base = new URL(baseUrl);
const user = JSON.parse(Buffer.from(userToken.split('.')[1], 'base64url').toString()).sub;

async function http(method, path, token, body) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} /${path} answered ${response.status}: ${await response.clone().text()}`);
  return response.text();
}

const hook = (topic, message) => http('POST', 'v1/hook', userToken, { action: 'publish', topic, message });

const step = (text) => console.log(`- ${text}`);

const range = (from, to) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Waits until the page shows as many events of the topic as expected, then checks they are exactly these. */
async function expectEvents(page, topic, seqs) {
  const rows = `#log li.event[data-topic="${topic}"]`;
  await page.waitForFunction(([selector, count]) => document.querySelectorAll(selector).length >= count,
    [rows, seqs.length], WAIT);
  const shown = await page.$$eval(rows, (items) => items.map((item) => Number(item.dataset.seq)));
  assert.deepEqual(shown, seqs, `events of ${topic} on the page, in page order`);
}

async function publishFromPage(page, topic, message, seq) {
  await page.fill('#publish-topic', topic);
  await page.fill('#publish-message', JSON.stringify(message));
  await page.click('#publish');
  await page.waitForSelector(`#publish-notice:text-is("Committed to ${topic} as seq ${seq}.")`, WAIT);
}

async function subscribeFromPage(page, topic) {
  await page.fill('#subscribe-topic', topic);
  await page.press('#subscribe-topic', 'Enter');
}

/** Clicks the consumers' Refresh until the consumer's row for the topic shows these figures (acks are async). */
async function expectConsumer(page, consumer, topic, { offset, head, lag }) {
  const row = `#consumers tbody[data-consumer="${consumer}"] tr[data-topic="${topic}"]`;
  const expected = [String(offset), String(head), String(lag)];
  let shown;
  for (const deadline = Date.now() + WAIT.timeout; Date.now() < deadline;) {
    await page.click('#refresh-consumers');
    await page.waitForTimeout(200);
    shown = await page.$$eval(`${row} td:not(.name)`, (cells) => cells.map((cell) => cell.textContent));
    if (JSON.stringify(shown) === JSON.stringify(expected)) {
      assert.equal(await page.$eval(`${row} td.lag`, (cell) => cell.hasAttribute('data-behind')), lag > 0);
      return;
    }
  }
  assert.deepEqual(shown, expected, `${consumer} on ${topic}: acked, head, lag`);
}

async function connectFromPage(page) {
  await page.click('#connect');
  await page.waitForSelector('#state[data-state="open"]', WAIT);
}

async function run(page) {
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  let arrayFrames = 0;
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => {
    arrayFrames += String(payload).startsWith('[') ? 1 : 0;
  }));

  await page.goto(base.href);
  assert.equal(await page.title(), 'Herald console');
  step('the console loads from the WAR');

  const devToken = await fetch(new URL('dev-token', base));
  if (devToken.ok) {
    await page.click('#dev-token');
    await page.waitForSelector('#claims dd:text-is("default")', WAIT);
    assert.equal(await page.inputValue('#token'), await devToken.text());
    step('"Dev token" fills in the token the server offers');
  } else {
    assert.ok(await page.isHidden('#dev-token'), '"Dev token" is hidden when the server offers none');
    step('"Dev token" is hidden: the server offers none');
  }

  await page.fill('#token', userToken);
  await page.click('#connect');
  await page.waitForSelector('#audience-missing-text:has-text("does not exist")', WAIT);
  await page.click('#create-audience');
  await page.waitForSelector('#state[data-state="open"]', WAIT);
  step(`the missing audience is offered, created, and the page connects as ${user}`);

  for (const topic of ['orders', 'audit']) {
    await subscribeFromPage(page, topic);
    await page.waitForSelector(`#topics li[data-topic="${topic}"][data-state="subscribed"]`, WAIT);
  }
  await subscribeFromPage(page, 'users/somebody-else');
  await page.waitForSelector('#topics-notice:has-text("ETOPIC_FORBIDDEN")', WAIT);
  step('subscribed to orders and audit; a forbidden topic is refused with its error code');

  await publishFromPage(page, 'orders', { from: 'page', n: 1 }, 1);
  await hook('orders', { from: 'http', n: 2 });
  await hook('audit', { from: 'http', n: 1 });
  await expectEvents(page, 'orders', [1, 2]);
  await expectEvents(page, 'audit', [1]);
  step('events published from the page and over HTTP both appear');

  // Hold the page's next ticket request, so that it is certainly disconnected while events are published.
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  let signHeld;
  const signRequested = new Promise((resolve) => { signHeld = resolve; });
  await page.route('**/v1/sign', async (route) => {
    signHeld();
    await released;
    await route.continue();
  });
  assert.equal(await http('POST', 'drop_user', connectorToken, { drop_access_id: user }), 'true');
  await signRequested;
  assert.notEqual(await page.getAttribute('#state', 'data-state'), 'open');
  for (let n = 3; n <= 6; n++) {
    await hook('orders', { from: 'http', n, while: 'disconnected' });
  }
  await hook('audit', { from: 'http', n: 2, while: 'disconnected' });
  await hook('audit', { from: 'http', n: 3, while: 'disconnected' });
  step('the server dropped the socket; 6 events were published while the page was disconnected');

  release();
  await page.waitForSelector('#state[data-state="open"]', WAIT);
  await page.waitForSelector('#log li.note:has-text("Resumed orders after seq 2")', WAIT);
  await page.waitForSelector('#log li.note:has-text("Resumed audit after seq 1")', WAIT);
  assert.equal(await page.textContent('#reconnects'), '1');
  await expectEvents(page, 'orders', range(1, 6));
  await expectEvents(page, 'audit', range(1, 3));
  step('the page reconnected with a fresh ticket and resumed both topics from their last seq');

  await page.unroute('**/v1/sign');
  await publishFromPage(page, 'orders', { from: 'page', n: 7 }, 7);
  await page.waitForTimeout(500); // a late duplicate would show up by now
  await expectEvents(page, 'orders', range(1, 7));
  await expectEvents(page, 'audit', range(1, 3));
  assert.equal(await page.textContent('#event-count'), '10 events');
  step(`every event shown exactly once, in seq order (${arrayFrames} array frames received)`);

  await page.click('#disconnect');
  await page.fill('#consumer', 'console-worker');
  await connectFromPage(page);
  await subscribeFromPage(page, 'orders');
  await page.waitForSelector('#log li.note:has-text("Subscribed to orders as consumer console-worker (head seq 7)")', WAIT);
  await hook('orders', { from: 'http', n: 8 });
  await hook('orders', { from: 'http', n: 9 });
  await expectEvents(page, 'orders', range(1, 9));
  await expectConsumer(page, 'console-worker', 'orders', { offset: 9, head: 9, lag: 0 });
  step('a durable consumer starts at the head; the events it was shown are acked: offset 9, lag 0');

  await page.click('#disconnect');
  for (let n = 10; n <= 12; n++) {
    await hook('orders', { from: 'http', n, while: 'consumer away' });
  }
  await expectConsumer(page, 'console-worker', 'orders', { offset: 9, head: 12, lag: 3 });
  step('with the consumer away, 3 more events show as lag 3');

  await connectFromPage(page);
  await subscribeFromPage(page, 'orders');
  await expectEvents(page, 'orders', range(1, 12));
  await expectConsumer(page, 'console-worker', 'orders', { offset: 12, head: 12, lag: 0 });
  step('subscribing again resumes from the stored offset: exactly events 10-12, and the lag falls to 0');

  await page.click('#consumers tbody[data-consumer="console-worker"] button:text-is("Forget")');
  await page.waitForSelector('#consumers-empty', { state: 'visible', ...WAIT });
  assert.ok(await page.isHidden('#consumers'));
  step('"Forget" deletes the consumer');

  assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  await page.locator('#publish-notice').scrollIntoViewIfNeeded(); // for the screenshot
}

const profile = await mkdtemp(join(tmpdir(), 'herald-e2e-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
  viewport: VIEWPORT,
});
const page = context.pages()[0] ?? await context.newPage();
let failed = false;
try {
  await run(page);
  console.log('console e2e: passed');
} catch (error) {
  failed = true;
  console.error(`console e2e: FAILED: ${error.stack ?? error}`);
  console.error(`the page's log:\n${await page.textContent('#log').catch(() => '(unavailable)')}`);
} finally {
  await page.screenshot({ path: screenshotPath }).catch((error) => console.error(`no screenshot: ${error.message}`));
  console.log(`screenshot: ${screenshotPath}`);
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
