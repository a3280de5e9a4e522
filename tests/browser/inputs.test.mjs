// Browser tests for the other ways a reviewer holds code: archives (picked or dropped) and git
// bundles (revisions picked in the page). Each report is compared byte for byte with the CLI's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, CORPUS, openApp, offendingRequests, withLabels, download, cliReport as cli } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const ctx = useBrowser();
const withApp = ctx.withApp;

/** The CLI's report with the app's labels and bundle name, to compare byte for byte. */
function asApp(json, baselineLabel, currentLabel, source) {
  let text = withLabels(json, baselineLabel, currentLabel);
  const report = JSON.parse(json);
  if (report.history && source) {
    text = text.replace(`"source": ${JSON.stringify(report.history.source)}`, `"source": ${JSON.stringify(source)}`);
  }
  return text;
}

const ARCHIVES = join(ROOT, 'tests/fixtures/archives');
const BUNDLES = join(ROOT, 'tests/fixtures/bundles');

test('archives picked on both sides: an sdist against a zip export', async () => {
  const baseline = join(ARCHIVES, 'payments-1.4.0.tar.gz');
  const current = join(ARCHIVES, 'payments-2.0.0.zip');
  const expected = asApp(cli(['diff', baseline, current]), 'payments-1.4.0.tar.gz', 'payments-2.0.0.zip');
  await withApp(async (page) => {
    await page.setInputFiles('[data-testid=baseline-archive]', baseline);
    await page.setInputFiles('[data-testid=current-archive]', current);
    assert.match(await page.textContent('[data-testid=current-picked]'), /payments-2.0.0.zip — archive/);
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=verdict]');
    assert.equal(await page.getAttribute('[data-testid=verdict]', 'data-verdict'), 'breaking');
    const file = await download(page, 'export-json');
    assert.equal(file.text, expected);
  });
});

test('an archive dropped on a zone, a hostile tar on the other: problems listed, the rest analysed', async () => {
  const baseline = join(ARCHIVES, 'hostile.tar');
  const current = join(ARCHIVES, 'payments-2.0.0-py3-none-any.whl');
  await withApp(async (page, session) => {
    const devtools = await session.context.newCDPSession(page);
    const zones = page.locator('section.zone');
    for (const [index, path, side] of [[0, baseline, 'baseline'], [1, current, 'current']]) {
      const box = await zones.nth(index).boundingBox();
      const data = { items: [], files: [path], dragOperationsMask: 1 };
      for (const type of ['dragEnter', 'dragOver', 'drop']) {
        await devtools.send('Input.dispatchDragEvent', { type, x: box.x + box.width / 2, y: box.y + box.height / 2, data });
      }
      await page.waitForSelector(`[data-testid=${side}-picked]`);
    }
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=verdict]');
    const problems = await page.$$eval('[data-testid=problem-row]', (rows) => rows.map((r) => r.dataset.path));
    for (const path of ['/abs.py', 'pkg/../../escape.py', 'pkg/link.py', 'pkg/fifo']) {
      assert.ok(problems.includes(path), `${path} in ${problems}`);
    }
    const expected = asApp(cli(['diff', baseline, current]), 'hostile.tar', 'payments-2.0.0-py3-none-any.whl');
    assert.equal((await download(page, 'export-json')).text, expected);
  });
});

test('a corrupt archive says what is wrong and the page stays usable', async () => {
  await withApp(async (page) => {
    await page.setInputFiles('[data-testid=baseline-archive]', join(ARCHIVES, 'corrupt.zip'));
    await page.setInputFiles('[data-testid=current-archive]', join(ARCHIVES, 'payments-2.0.0.zip'));
    // Read as soon as it is picked: the zone says what is wrong, and Analyze waits for a good one.
    await page.waitForSelector('[data-testid=baseline-error]');
    assert.match(await page.textContent('[data-testid=baseline-error]'), /corrupt\.zip: corrupt zip archive/);
    assert.ok(await page.isDisabled('[data-testid=analyze]'));
    await page.setInputFiles('[data-testid=baseline-archive]', join(ARCHIVES, 'payments-1.4.0.tar.gz'));
    await page.waitForSelector('[data-testid=analyze]:not([disabled])');
    assert.equal(await page.locator('[data-testid=baseline-error]').count(), 0);
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=verdict]');
  });
});

test('a git bundle: refs and history listed, HEAD~3..HEAD by default, same report as the CLI', async () => {
  const bundle = join(BUNDLES, 'linear.bundle');
  await withApp(async (page) => {
    await page.click('[data-testid=mode-bundle]');
    await page.setInputFiles('[data-testid=bundle-file]', bundle);
    await page.waitForSelector('[data-testid=bundle-picked]');
    assert.equal(await page.inputValue('[data-testid=baseline-ref]'), 'HEAD~3');
    assert.equal(await page.inputValue('[data-testid=current-ref]'), 'HEAD');
    await page.waitForSelector('[data-testid=commit-row]');
    const subjects = await page.$$eval('[data-testid=commit-row] td:nth-child(3)', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(subjects, [
      'Release 2.0.0',
      'Webhooks and disputes; drop parse_amount',
      'Client: idempotency keys, list_charges pagination, stream_events',
    ]);
    // The refs and the whole history are listed; a click makes one the baseline.
    await page.click('details.history summary');
    assert.deepEqual(await page.$$eval('[data-testid=ref-row]', (rows) => rows.map((r) => r.dataset.name)), ['main', 'v1.4.0', 'v2.0.0', 'HEAD']);
    assert.equal(await page.$$eval('[data-testid=history-row]', (rows) => rows.length), 4);
    await page.click('[data-testid=ref-row][data-name="v2.0.0"] button:has-text("baseline")');
    assert.equal(await page.inputValue('[data-testid=baseline-ref]'), 'v2.0.0');
    await page.waitForSelector('[data-testid=range-empty]');
    // A revision that does not resolve says why, and Analyze waits.
    await page.fill('[data-testid=baseline-ref]', 'v9');
    await page.waitForSelector('[data-testid=range-error]');
    assert.match(await page.textContent('[data-testid=range-error]'), /unknown revision `v9`/);
    assert.ok(await page.isDisabled('[data-testid=analyze]'));
    await page.fill('[data-testid=baseline-ref]', 'v1.4.0');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=commit-row]').length === 3);
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=verdict]');
    // The report is scrolled to: its verdict is on screen though the bundle panel is above it.
    assert.ok(await page.$eval('[data-testid=verdict]', (e) => {
      const box = e.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    }), 'the verdict is in view');
    await page.click('[data-testid=section-methodology] h2 button.collapse');
    assert.equal(await page.$$eval('[data-testid=history-commit]', (rows) => rows.length), 3);
    const json = cli(['diff', '--bundle', bundle, '--baseline', 'v1.4.0', '--current', 'HEAD']);
    // The app names sides by the bundle's file name; the commit ids are the CLI's.
    const id = (label) => label.match(/\((\w+)\)$/)[1];
    const { baseline, current } = JSON.parse(json);
    const expected = asApp(json, `linear.bundle@v1.4.0 (${id(baseline.label)})`, `linear.bundle@HEAD (${id(current.label)})`, 'linear.bundle');
    assert.equal((await download(page, 'export-json')).text, expected);
  });
});

test('damaged and unsupported bundles give one clear message each', async () => {
  await withApp(async (page) => {
    await page.click('[data-testid=mode-bundle]');
    for (const [name, pattern] of [
      ['flipped.bundle', /checksum mismatch/],
      ['truncated.bundle', /truncated|checksum/],
      ['sha256.bundle', /sha256.*not supported/],
      ['no-header.bundle', /not a git bundle/],
    ]) {
      await page.setInputFiles('[data-testid=bundle-file]', join(BUNDLES, name));
      await page.waitForSelector('[data-testid=bundle-error]');
      assert.match(await page.textContent('[data-testid=bundle-error]'), pattern, name);
    }
    // Still usable: a good bundle opens afterwards.
    await page.setInputFiles('[data-testid=bundle-file]', join(BUNDLES, 'v3.bundle'));
    await page.waitForSelector('[data-testid=bundle-picked]');
  });
});

test('real history: flask releases as a bundle, tags picked in the page', async () => {
  const bundle = join(CORPUS, 'bundles/flask.bundle');
  assert.ok(existsSync(bundle), `${bundle} missing: run scripts/make-release-bundle.sh flask 2.2.5 2.3.3 3.0.0 3.0.3`);
  await withApp(async (page) => {
    await page.click('[data-testid=mode-bundle]');
    await page.setInputFiles('[data-testid=bundle-file]', bundle);
    await page.waitForSelector('[data-testid=bundle-picked]');
    await page.fill('[data-testid=baseline-ref]', 'v2.3.3');
    await page.fill('[data-testid=current-ref]', 'v3.0.3');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=commit-row]').length === 2);
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=verdict]', { timeout: 60_000 });
    const report = JSON.parse((await download(page, 'export-json')).text);
    const cliReport = JSON.parse(cli(['diff', '--bundle', bundle, '--baseline', 'v2.3.3', '--current', 'v3.0.3']));
    assert.deepEqual(report.api_changes, cliReport.api_changes);
    assert.deepEqual(report.history.commits, cliReport.history.commits);
  });
});
