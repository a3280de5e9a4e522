// Browser tests of rendering safety and determinism: the injection fixture (names, literals,
// docstrings, paths, env vars and policy strings full of <script>, <img onerror>, <svg onload>)
// renders inert in the app and in the HTML export; the report JSON is byte-identical to the CLI's
// whatever the number of workers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, CORPUS, cliJson, withLabels, download, pickAndAnalyse } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const INJECTION = join(ROOT, 'tests/fixtures/injection');

const ctx = useBrowser();
const withApp = ctx.withApp;

/** What injected markup would have left behind in a document. */
function traces() {
  return {
    pwned: window.__pwned ?? null,
    images: document.querySelectorAll('img').length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    scripts: [...document.querySelectorAll('script')].filter((s) => !s.src && s.type !== 'module').length,
    javascriptLinks: [...document.querySelectorAll('a[href^="javascript:" i]')].length,
  };
}

const CLEAN = { pwned: null, images: 0, handlers: 0, scripts: 0, javascriptLinks: 0 };

test('code full of <script> and onerror payloads renders inert in the app and its HTML export', async () => {
  await withApp(async (page) => {
    await pickAndAnalyse(page, join(INJECTION, 'baseline'), join(INJECTION, 'current'));
    // Open everything that shows code strings: each change's explanation, each findings tab.
    for (const row of await page.$$('[data-testid=change-row]')) await row.click();
    for (const tab of ['new', 'fixed', 'unchanged']) await page.click(`[data-testid=findings-${tab}]`);
    await page.click('[data-testid=toggle-files]');
    const shown = await page.textContent('[data-testid=app]');
    assert.match(shown, /<script>window.__pwned = 'default'<\/script>/, 'the payload is shown as text');
    assert.match(shown, /onerror=window.__pwned='path'/);
    assert.deepEqual(await page.evaluate(traces), CLEAN);

    const html = await download(page, 'export-html');
    const dir = mkdtempSync(join(tmpdir(), 'stability-injection-'));
    writeFileSync(join(dir, 'report.html'), html.text);
    const file = await ctx.browser.newContext({ offline: true });
    try {
      const view = await file.newPage();
      await view.goto(pathToFileURL(join(dir, 'report.html')).href);
      assert.match(await view.textContent('body'), /<svg onload=window.__pwned='env'>/);
      assert.deepEqual(await view.evaluate(traces), CLEAN);
    } finally {
      await file.close();
    }
  });
});

test('hostile files: each one listed with its reason, a worker crash contained, everything else analysed', async () => {
  const hostile = join(ROOT, 'tests/fixtures/hostile');
  const cli = JSON.parse(cliJson(join(hostile, 'baseline'), join(hostile, 'current')).json);
  await withApp(async (page) => {
    await pickAndAnalyse(page, join(hostile, 'baseline'), join(hostile, 'current'));
    const problems = Object.fromEntries(await page.$$eval('[data-testid=problem-row]', (rows) =>
      rows.map((r) => [r.dataset.path, r.textContent])));
    // Every problem the CLI reports, for the same reason.
    for (const problem of cli.problems) {
      assert.ok(problems[problem.path]?.includes(problem.message), `${problem.path}: ${problems[problem.path]}`);
    }
    // The browser's call stack is smaller than a native thread's: a file nested deeply enough
    // can crash a worker. It is then listed as a problem, and nothing else is lost.
    for (const [path, text] of Object.entries(problems)) {
      if (!cli.problems.some((p) => p.path === path)) assert.match(text, /analyser crashed on this file/, path);
    }
    const rows = await page.$$eval('[data-testid=change-row]', (r) => r.map((row) => `${row.dataset.kind} ${row.dataset.object}`));
    assert.ok(rows.includes('parameter_removed pkg.core.handle'), 'the real change is found');
    for (const module of ['pkg.bom', 'pkg.latin1', 'pkg.cp1252', 'pkg.crlf', 'pkg.tabs', 'pkg.deep']) {
      assert.ok(rows.includes(`module_added ${module}`), `${module} analysed`);
    }
  }, undefined, { restartsWorkers: true });
});

for (const workers of [1, 4]) {
  test(`${workers} worker(s): the JSON is byte for byte the CLI's`, async (t) => {
    const flask = join(CORPUS, 'flask');
    const [baseline, current] = existsSync(flask)
      ? [join(flask, '2.3.3'), join(flask, '3.0.3')]
      : [join(ROOT, 'tests/fixtures/hostile/baseline'), join(ROOT, 'tests/fixtures/hostile/current')];
    if (!existsSync(flask)) t.diagnostic('corpus not fetched: using the hostile fixture');
    const cli = cliJson(baseline, current);
    const init = { script: (n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), arg: workers };
    await ctx.withApp(async (page) => {
      assert.equal(await page.evaluate(() => navigator.hardwareConcurrency), workers);
      await pickAndAnalyse(page, baseline, current);
      const json = (await download(page, 'export-json')).text;
      const labels = JSON.parse(json);
      assert.equal(json, withLabels(cli.json, labels.baseline.label, labels.current.label));
    }, undefined, { init });
  });
}

test('a git bundle with a file that crashes the analyser: the worker is replaced, the file listed, the rest analysed', async () => {
  // A repository whose second commit adds the hostile fixture's files, deep_calls.py among them
  // (nested deeply enough to overflow a browser worker's stack).
  const hostile = join(ROOT, 'tests/fixtures/hostile');
  const repo = mkdtempSync(join(tmpdir(), 'stability-crash-repo-'));
  const git = (...args) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  cpSync(join(hostile, 'baseline'), repo, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'baseline');
  rmSync(join(repo, 'pkg'), { recursive: true, force: true });
  cpSync(join(hostile, 'current'), repo, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'current');
  const bundle = join(repo, '..', `${basename(repo)}.bundle`);
  git('bundle', 'create', '-q', bundle, '--all');
  const cli = JSON.parse(cliJson(join(hostile, 'baseline'), join(hostile, 'current')).json);
  await withApp(async (page) => {
    await page.click('[data-testid=mode-bundle]');
    await page.setInputFiles('[data-testid=bundle-file]', bundle);
    await page.waitForSelector('[data-testid=bundle-picked]');
    await page.fill('[data-testid=baseline-ref]', 'HEAD~1');
    await page.waitForSelector('[data-testid=commit-row]');
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=section-recommendations]', { timeout: 120_000 });
    const problems = Object.fromEntries(await page.$$eval('[data-testid=problem-row]', (rows) =>
      rows.map((r) => [r.dataset.path, r.textContent])));
    const crashed = Object.entries(problems).filter(([, text]) => /analyser crashed on this file/.test(text));
    assert.ok(crashed.length > 0, `a worker crashed and the file was listed: ${Object.keys(problems)}`);
    for (const problem of cli.problems) {
      assert.ok(problems[problem.path]?.includes(problem.message), `${problem.path}: ${problems[problem.path]}`);
    }
    const rows = await page.$$eval('[data-testid=change-row]', (r) => r.map((row) => `${row.dataset.kind} ${row.dataset.object}`));
    assert.ok(rows.includes('parameter_removed pkg.core.handle'), 'the real change is found');
    // The bundle is still open in the replacement worker: the source of a finding can be read.
    await page.click('[data-testid=change-row][data-object="pkg.core.handle"] button.disclosure');
    await page.waitForSelector('[data-testid=evidence][data-state=ready]');
  }, undefined, { restartsWorkers: true });
});
