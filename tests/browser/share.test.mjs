// Browser tests of sharing: a report copied as a link and opened in a fresh page shows the same
// findings, read-only, without the code; a JSON report file opens the same way; a report too big
// for a link says so; a damaged link says what is wrong. The link is decoded here independently
// (node's zlib) to prove what it holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { ROOT, openApp, offendingRequests, cliJson, download } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const ctx = useBrowser();
const withApp = ctx.withApp;

/** What the page shows of a report: verdict, change rows, risks. */
async function shown(page) {
  await page.waitForSelector('[data-testid=section-recommendations]');
  return {
    verdict: await page.getAttribute('[data-testid=verdict]', 'data-verdict'),
    changes: await page.$$eval('[data-testid=change-row]', (rows) => rows.map((r) => [r.dataset.kind, r.dataset.object, r.dataset.parameter])),
    risks: await page.$$eval('[data-testid=risk]', (rows) => rows.map((r) => r.dataset.level)),
  };
}

test('copy link, open it in a fresh page: the same findings, read-only, and no code in the link', async () => {
  let link;
  let json;
  let before;
  await withApp(async (page) => {
    await page.click('[data-testid=sample]');
    before = await shown(page);
    json = (await download(page, 'export-json')).text;
    await page.click('[data-testid=copy-link]');
    link = await page.inputValue('[data-testid=share-link]');
  });
  const url = new URL(link);
  assert.equal(url.origin + url.pathname, new URL(ctx.server.url).origin + new URL(ctx.server.url).pathname);
  assert.ok(url.hash.startsWith('#report='));
  // Decoded independently: the report JSON itself, and nothing of the source files.
  const decoded = inflateRawSync(Buffer.from(url.hash.slice('#report='.length), 'base64url')).toString('utf8');
  assert.equal(decoded, json);
  for (const secret of ['amount must be positive', 'the API charges at most once per key']) {
    assert.ok(!decoded.includes(secret), `the link holds source text: ${secret}`);
  }

  await withApp(async (page) => {
    assert.deepEqual(await shown(page), before);
    assert.match(await page.textContent('[data-testid=read-only]'), /not the code itself/);
    assert.equal(await page.$('[data-testid=section-policy]'), null, 'no policy editor on a shared report');
    assert.equal((await download(page, 'export-json')).text, json, 'the shared report exports the same JSON');
  }, link);
});

test('a JSON report file opens in the page like a link', async () => {
  const fixture = join(ROOT, 'tests/fixtures/parameter_removed');
  const cli = cliJson(join(fixture, 'baseline'), join(fixture, 'current'));
  const dir = mkdtempSync(join(tmpdir(), 'stability-report-'));
  writeFileSync(join(dir, 'saved.json'), cli.json);
  await withApp(async (page) => {
    await page.setInputFiles('[data-testid=open-report]', join(dir, 'saved.json'));
    const report = JSON.parse(cli.json);
    const view = await shown(page);
    assert.equal(view.verdict, report.verdict);
    assert.deepEqual(view.changes, report.api_changes.map((c) => [c.kind, c.object, c.parameter ?? '']));
    assert.match(await page.textContent('[data-testid=read-only]'), /saved\.json/);
    // Something that is not a report says so, and the page stays usable.
    writeFileSync(join(dir, 'other.json'), '{"name": "not a report"}');
    await page.setInputFiles('[data-testid=open-report]', join(dir, 'other.json'));
    assert.match(await page.textContent('[data-testid=error]'), /not a Stability Lens report/);
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=verdict]');
  });
});

test('a report too big for a link says so and offers the files instead', async () => {
  // 3,000 public functions with random names, all removed: a report that does not compress.
  const dir = mkdtempSync(join(tmpdir(), 'stability-big-'));
  for (const side of ['baseline', 'current']) mkdirSync(join(dir, side, 'pkg'), { recursive: true });
  writeFileSync(join(dir, 'current', 'pkg', '__init__.py'), '');
  const functions = Array.from({ length: 3000 }, () => `def f_${randomBytes(16).toString('hex')}(a_${randomBytes(8).toString('hex')}): pass\n`);
  writeFileSync(join(dir, 'baseline', 'pkg', '__init__.py'), functions.join(''));
  const cli = cliJson(join(dir, 'baseline'), join(dir, 'current'));
  writeFileSync(join(dir, 'big.json'), cli.json);
  await withApp(async (page) => {
    await page.setInputFiles('[data-testid=open-report]', join(dir, 'big.json'));
    await page.waitForSelector('[data-testid=verdict]');
    await page.click('[data-testid=copy-link]');
    const message = await page.textContent('[data-testid=share-too-big]');
    assert.match(message, /too big for a link/);
    assert.match(message, /HTML/);
    assert.equal(await page.$('[data-testid=share-link]'), null);
  });
});

test('a damaged link says what is wrong and the page stays usable', async () => {
  await withApp(async (page) => {
    assert.match(await page.textContent('[data-testid=error]'), /cannot be opened.*(damaged|cut short)/);
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=verdict]');
  }, `${ctx.server.url}#report=AAAA-this-is-not-deflate`);
});
