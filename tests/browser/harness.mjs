// Shared set-up for the browser tests and timing script: Debian's Chromium driven by
// playwright-core (no browser download), the built app served from dist/, every request logged.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = join(ROOT, 'dist');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CLI = process.env.STABILITY_LENS_BIN ?? join(ROOT, 'target/debug/stability-lens');
export const CORPUS = process.env.STABILITY_LENS_CORPUS ?? '/tmp/corpus';

export async function launch() {
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error(`no built app in ${DIST}: run \`trunk build --release --offline\` first`);
  }
  const server = await serve(DIST);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
      '--disable-background-networking', '--disable-component-update',
    ],
  });
  return { server, browser };
}

/**
 * Opens the app in a fresh page and waits until its worker is ready. Every request the page (or
 * its worker) makes is recorded in `requests`; `loadedAt` marks how many happened during the load.
 */
export async function openApp(browser, server, url = server.url, { init } = {}) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  const record = (request) => requests.push({ url: request.url(), after: Boolean(session.loaded) });
  const session = { context, page, requests, loaded: false };
  context.on('request', record);
  page.on('pageerror', (error) => { session.pageError = error; });
  // Content-Security-Policy violations, from the page and its workers (Chromium logs each one).
  session.csp = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) session.csp.push(message.text());
  });
  // When the app first rendered (for the load-time benchmark).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid=app]')) {
        window.__firstRender = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true });
  });
  if (init) await page.addInitScript(init.script, init.arg);
  await page.goto(url);
  await page.waitForSelector('[data-testid=app][data-worker-ready=true]', { timeout: 30_000 });
  // The service worker caches the app while it loads; after that, nothing is fetched.
  await page.waitForSelector('[data-testid=app][data-offline-ready=true]', { timeout: 30_000 });
  session.loaded = true;
  return session;
}

/**
 * Opens the app (at `url`, default the served root), runs `body(page, session)`, then checks
 * what every test must hold: no uncaught error, no request to another origin or after the load,
 * no Content-Security-Policy violation.
 */
export async function withApp(browser, server, body, url = server.url, options = {}) {
  const session = await openApp(browser, server, url, options);
  try {
    await body(session.page, session);
    assert.equal(session.pageError, undefined, `uncaught page error: ${session.pageError}`);
    // A test that crashes a worker on purpose lets its replacement load the worker's own files.
    const offending = offendingRequests(session, server.origin)
      .filter((r) => !(options.restartsWorkers && new URL(r.url).origin === server.origin && /\/worker(_loader\.js|\.js|_bg\.wasm)$/.test(r.url)));
    assert.deepEqual(offending, [], 'requests after load or to another origin');
    assert.deepEqual(session.csp, [], 'Content-Security-Policy violations');
  } finally {
    await session.context.close();
  }
}

/** Requests that went to another origin, or happened after the page had loaded. */
export function offendingRequests(session, origin) {
  return session.requests.filter((r) => {
    const url = new URL(r.url);
    const local = url.protocol === 'blob:' || url.protocol === 'data:';
    return (!local && url.origin !== origin) || (r.after && !local);
  });
}

/**
 * Picks two folders, waits until both are processed (after any worker crash and recovery, so the
 * click cannot land on a button a crash has just disabled), clicks Analyze and waits for the
 * whole report. `timeout` bounds each step.
 */
export async function pickAndAnalyse(page, baseline, current, timeout = 60_000) {
  await page.setInputFiles('[data-testid=baseline-files]', baseline, { timeout });
  await page.setInputFiles('[data-testid=current-files]', current, { timeout });
  await page.waitForSelector('[data-testid=baseline-prepared][data-ready=true]', { timeout });
  await page.waitForSelector('[data-testid=current-prepared][data-ready=true]', { timeout });
  await page.waitForSelector('[data-testid=app][data-worker-ready=true] [data-testid=analyze]:not([disabled])', { timeout });
  await page.click('[data-testid=analyze]');
  await page.waitForSelector('[data-testid=section-recommendations]', { timeout });
}

/** The CLI's JSON report for `args` (e.g. `['diff', '--repo', dir]`), exit code 0 or 1. */
export function cliReport(args) {
  try {
    return execFileSync(CLI, [...args, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  } catch (error) {
    if (error.status === 1) return error.stdout;
    throw error;
  }
}

/** Runs the CLI and returns its JSON text (and exit code). */
export function cliJson(baseline, current, ...extra) {
  try {
    const stdout = execFileSync(CLI, ['diff', baseline, current, '--format', 'json', ...extra], { encoding: 'utf8', maxBuffer: 1 << 30 });
    return { json: stdout, code: 0 };
  } catch (error) {
    if (error.status === 1) return { json: error.stdout, code: 1 };
    throw error;
  }
}

/** Replaces the two labels of a CLI report with the app's, so the rest can compare byte for byte. */
export function withLabels(json, baselineLabel, currentLabel) {
  const report = JSON.parse(json);
  const swap = (text, from, to) => text.replace(`"label": ${JSON.stringify(from)}`, `"label": ${JSON.stringify(to)}`);
  return swap(swap(json, report.baseline.label, baselineLabel), report.current.label, currentLabel);
}

/** Clicks a download control and returns the downloaded file's text. */
export async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testid}]`)]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

/** Peak wasm memory of each worker of the page (wasm memory only grows), in MB. */
export async function workerMemory(page) {
  const sizes = [];
  for (const worker of page.workers()) {
    sizes.push(await worker.evaluate(() => wasm_bindgen.stability_lens_memory()).catch(() => 0));
  }
  return sizes.map((bytes) => Math.round(bytes / 1048576));
}

/** The page's JS heap in use, in MB (Chromium's `performance.memory`). */
export async function jsHeap(page) {
  const bytes = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  return Math.round(bytes / 1048576);
}
