// Browser tests of the single-file build, dist/stability-lens.html, opened from disk (file://)
// with no server: it loads and makes no request at all (only its own file and the blob URLs it
// makes), says its version, runs the sample, analyses a picked pair of folders, of archives, a git
// bundle and a repository folder in its workers (each JSON export equal to the CLI's), and opens
// a shared link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, DIST, CLI, cliJson, withLabels, download, cliReport as cli } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const ctx = useBrowser();
const FILE = join(DIST, 'stability-lens.html');
const ADDRESS = pathToFileURL(FILE).href;
const MAX_BYTES = 3 * 1024 * 1024;

/**
 * Opens the single file at `address` in a fresh context, waits until its workers are ready, runs
 * `body(page, loadMs)`, then checks: no page error, no request but the file and blob: URLs, no
 * Content-Security-Policy violation.
 */
async function withFile(body, address = ADDRESS) {
  const context = await ctx.browser.newContext({ acceptDownloads: true });
  const requests = [];
  const csp = [];
  let pageError;
  context.on('request', (request) => requests.push(request.url()));
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => { pageError = error; });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) csp.push(message.text());
    });
    const started = Date.now();
    await page.goto(address);
    await page.waitForSelector('[data-testid=app][data-worker-ready=true]', { timeout: 30_000 });
    await body(page, Date.now() - started);
    assert.equal(pageError, undefined, `uncaught page error: ${pageError}`);
    const own = (url) => url.split('#')[0] === ADDRESS || url.startsWith('blob:');
    assert.deepEqual(requests.filter((url) => !own(url)), [], 'requests other than the file and its blobs');
    assert.deepEqual(csp, [], 'Content-Security-Policy violations');
  } finally {
    await context.close();
  }
}

test('opened from disk: ready without a request, its version shown, the sample analysed as by the CLI', async (t) => {
  const size = statSync(FILE).size;
  assert.ok(size <= MAX_BYTES, `${size} bytes, over 3 MB`);
  const version = execFileSync(CLI, ['--version'], { encoding: 'utf8' }).trim().split(' ').pop();
  const sample = join(ROOT, 'www/sample');
  const expected = JSON.parse(cli(['diff', join(sample, 'payments-1.4.0'), join(sample, 'payments-2.0.0')]));
  await withFile(async (page, loadMs) => {
    t.diagnostic(`stability-lens.html: ${(size / 1e6).toFixed(2)} MB; load to ready from file:// ${loadMs} ms`);
    assert.equal(await page.textContent('[data-testid=version]'), `Stability Lens ${version}`);
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    assert.equal(await page.getAttribute('[data-testid=verdict]', 'data-verdict'), expected.verdict);
    const rows = await page.$$eval('[data-testid=change-row]', (r) => r.map((row) => row.dataset.object));
    assert.deepEqual(rows.sort(), expected.api_changes.map((c) => c.object).sort());
  });
});

test('from disk: folders, archives, a git bundle and a repository folder are analysed in its workers, each JSON the CLI\'s', async () => {
  const fixture = join(ROOT, 'tests/fixtures/parameter_removed');
  const folders = cliJson(join(fixture, 'baseline'), join(fixture, 'current'));
  const archives = join(ROOT, 'tests/fixtures/archives');
  const [tar, zip] = [join(archives, 'payments-1.4.0.tar.gz'), join(archives, 'payments-2.0.0.zip')];
  const bundle = join(ROOT, 'tests/fixtures/bundles/linear.bundle');
  await withFile(async (page) => {
    await page.setInputFiles('[data-testid=baseline-files]', join(fixture, 'baseline'));
    await page.setInputFiles('[data-testid=current-files]', join(fixture, 'current'));
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    assert.equal((await download(page, 'export-json')).text, withLabels(folders.json, 'baseline', 'current'));

    await page.setInputFiles('[data-testid=baseline-archive]', tar);
    await page.setInputFiles('[data-testid=current-archive]', zip);
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    const expected = withLabels(cli(['diff', tar, zip]), 'payments-1.4.0.tar.gz', 'payments-2.0.0.zip');
    assert.equal((await download(page, 'export-json')).text, expected);

    await page.click('[data-testid=mode-bundle]');
    await page.setInputFiles('[data-testid=bundle-file]', bundle);
    await page.waitForSelector('[data-testid=bundle-picked]');
    await page.waitForSelector('[data-testid=commit-row]');
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    const json = cli(['diff', '--bundle', bundle, '--baseline', 'HEAD~3', '--current', 'HEAD']);
    const report = JSON.parse(json);
    const id = (label) => label.match(/\((\w+)\)$/)[1];
    let text = withLabels(json, `linear.bundle@HEAD~3 (${id(report.baseline.label)})`, `linear.bundle@HEAD (${id(report.current.label)})`);
    text = text.replace(`"source": ${JSON.stringify(report.history.source)}`, '"source": "linear.bundle"');
    assert.equal((await download(page, 'export-json')).text, text);

    // A checkout: the fixture's baseline committed, its current side as uncommitted changes.
    const repo = join(mkdtempSync(join(tmpdir(), 'stability-single-')), 'shop');
    try {
      cpSync(join(fixture, 'baseline'), repo, { recursive: true });
      const git = (...args) => execFileSync('git', ['-C', repo, '-c', 'user.name=R', '-c', 'user.email=r@example.com', ...args]);
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-qm', 'baseline');
      for (const entry of readdirSync(repo)) if (entry !== '.git') rmSync(join(repo, entry), { recursive: true });
      cpSync(join(fixture, 'current'), repo, { recursive: true });
      await page.click('[data-testid=mode-repository]');
      await page.setInputFiles('[data-testid=repository-files]', repo);
      await page.waitForSelector('[data-testid=bundle-picked]');
      await page.waitForSelector('[data-testid=range-empty]');
      await page.click('[data-testid=analyze]');
      await page.waitForSelector('[data-testid=section-recommendations]');
      assert.equal((await download(page, 'export-json')).text, cli(['diff', '--repo', repo]));
    } finally {
      rmSync(dirname(repo), { recursive: true, force: true });
    }
  });
});

test('a shared link opens in the single file: the same findings, read-only', async () => {
  let link;
  let before;
  await withFile(async (page) => {
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    before = await page.$$eval('[data-testid=change-row]', (rows) => rows.map((r) => [r.dataset.kind, r.dataset.object]));
    await page.click('[data-testid=copy-link]');
    link = await page.inputValue('[data-testid=share-link]');
  });
  assert.ok(link.startsWith(`${ADDRESS}#report=`), link.slice(0, 120));
  await withFile(async (page) => {
    await page.waitForSelector('[data-testid=section-recommendations]');
    assert.deepEqual(await page.$$eval('[data-testid=change-row]', (rows) => rows.map((r) => [r.dataset.kind, r.dataset.object])), before);
    assert.match(await page.textContent('[data-testid=read-only]'), /not the code itself/);
  }, link);
});
