// The first report: Analyze clicked while a big pair's other files (not Python, tests outside the
// packages) are still being read shows a report whose findings are already final, says what is
// still being read, keeps the exports until the rest is in, then completes — equal, byte for
// byte, to the CLI's report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cliJson, withLabels, download } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const ctx = useBrowser();

/** Files that only the changed-files list reads: enough that reading them takes over a second. */
const DATA_FILES = 4000;

/**
 * The parameter_removed fixture, grown with data files and test code (some of each changed);
 * `extra` adds files to the current side: { path: contents }.
 */
function makePair(extra = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'stability-first-'));
  for (const side of ['baseline', 'current']) {
    const root = join(dir, side);
    cpSync(join(ROOT, 'tests/fixtures/parameter_removed', side), root, { recursive: true });
    writeFileSync(join(root, 'pyproject.toml'), `[project]\nname = "shop"\ndependencies = ["requests>=2"${side === 'current' ? ', "attrs"' : ''}]\n`);
    mkdirSync(join(root, 'docs'));
    for (let i = 0; i < DATA_FILES; i++) {
      const changed = i % 500 === 0 && side === 'current';
      writeFileSync(join(root, 'docs', `page${i}.txt`), `page ${i}${changed ? ' (edited)' : ''}\n`);
    }
    mkdirSync(join(root, 'tests'));
    for (let i = 0; i < 200; i++) {
      writeFileSync(join(root, 'tests', `test_case${i}.py`), `def test_${i}():\n    assert ${i} == ${i}\n`);
    }
    // A test file that does not parse on the current side: a problem only the complete report has
    // for sure.
    if (side === 'current') {
      writeFileSync(join(root, 'tests', 'test_broken.py'), 'def broken(:\n');
      for (const [path, text] of Object.entries(extra)) writeFileSync(join(root, path), text);
    }
  }
  return dir;
}

test('a click before the other files are read: a first report with final findings, then the complete one', async () => {
  const dir = makePair();
  try {
    const [baseline, current] = ['baseline', 'current'].map((side) => join(dir, side));
    const cli = cliJson(baseline, current);
    const expected = JSON.parse(cli.json);
    await ctx.withApp(async (page) => {
      // Record what the page showed while the first report was up.
      await page.evaluate(() => {
        window.__first = null;
        new MutationObserver(() => {
          const pending = document.querySelector('[data-testid=files-pending]');
          if (pending && !window.__first) {
            window.__first = {
              note: pending.textContent,
              verdict: document.querySelector('[data-testid=verdict]')?.dataset.verdict,
              counts: [...document.querySelectorAll('[data-testid=verdict] .count b')].slice(0, 3).map((b) => Number(b.textContent)),
              exportsDisabled: ['export-json', 'export-html', 'export-markdown', 'export-sarif', 'copy-link']
                .map((id) => document.querySelector(`[data-testid=${id}]`)?.disabled),
            };
          }
        }).observe(document.body, { subtree: true, childList: true });
      });
      await page.setInputFiles('[data-testid=baseline-files]', baseline);
      await page.setInputFiles('[data-testid=current-files]', current);
      await page.click('[data-testid=analyze]');
      await page.waitForSelector('[data-testid=verdict]', { timeout: 60_000 });
      const first = await page.evaluate(() => window.__first);
      assert.ok(first, 'the report shown first said files were still being read');
      assert.match(first.note, /Still being read: \d+ other files/);
      assert.equal(first.verdict, expected.verdict);
      assert.deepEqual(first.counts, [expected.summary.breaking, expected.summary.warning, expected.summary.additive]);
      assert.deepEqual(first.exportsDisabled, [true, true, true, true, true], 'exports wait for the complete report');
      // The changed files listed so far are the analysed ones, each as the CLI has it.
      await page.click('[data-testid=toggle-files]');
      const listed = await page.$$eval('[data-testid=file-row]', (rows) => rows.map((r) => [r.dataset.path, r.dataset.status]));
      if (await page.$('[data-testid=files-pending]')) {
        for (const [path, status] of listed) {
          assert.ok(!path.startsWith('docs/') && !path.startsWith('tests/'), `${path} is not an analysed file`);
          assert.ok(expected.files.some((f) => f.path === path && f.status === status), `${path} ${status} as in the CLI's report`);
        }
      }
      // The API changes and the dependency change are final in the first report.
      await page.waitForFunction(() => !document.querySelector('[data-testid=changes][data-complete=false]'));
      const rows = await page.$$eval('[data-testid=change-row]', (r) => r.map((row) => row.dataset.object));
      assert.deepEqual(rows.sort(), expected.api_changes.map((c) => c.object).sort());
      // Then the complete report: every file compared, the broken test listed, the JSON the CLI's.
      await page.waitForSelector('[data-testid=files-pending]', { state: 'detached', timeout: 60_000 });
      await page.waitForSelector('[data-testid=problem-row][data-path="tests/test_broken.py"]');
      assert.ok(await page.isEnabled('[data-testid=export-json]'));
      const file = await download(page, 'export-json');
      assert.equal(file.text, withLabels(cli.json, 'baseline', 'current'));
      assert.equal(expected.files.filter((f) => f.path.startsWith('docs/')).length, DATA_FILES / 500);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a test file that crashes the analyser after the first report: the report is made again, complete, the file listed', async (t) => {
  // Nested deeply enough to overflow a browser worker's stack; outside the packages, so it is
  // read only after the first report is shown.
  const deep = readFileSync(join(ROOT, 'tests/fixtures/hostile/current/pkg/deep_calls.py'), 'utf8');
  const dir = makePair({ 'tests/test_deep_calls.py': deep });
  try {
    const [baseline, current] = ['baseline', 'current'].map((side) => join(dir, side));
    const expected = JSON.parse(cliJson(baseline, current).json);
    await ctx.withApp(async (page) => {
      // Whether a first report was up when the worker crashed depends on how far reading got
      // before the click (the pool's handling of both orders is unit-tested natively in
      // src/ui/pool/tests.rs); the page must end with the complete report either way.
      await page.evaluate(() => {
        window.__firstShown = false;
        new MutationObserver(() => {
          if (document.querySelector('[data-testid=files-pending]')) window.__firstShown = true;
        }).observe(document, { subtree: true, childList: true });
      });
      await page.setInputFiles('[data-testid=baseline-files]', baseline);
      await page.setInputFiles('[data-testid=current-files]', current);
      await page.click('[data-testid=analyze]');
      await page.waitForSelector('[data-testid=problem-row][data-path="tests/test_deep_calls.py"]', { timeout: 120_000 });
      await page.waitForSelector('[data-testid=files-pending]', { state: 'detached', timeout: 120_000 });
      const problem = await page.textContent('[data-testid=problem-row][data-path="tests/test_deep_calls.py"]');
      assert.match(problem, /analyser crashed on this file/);
      assert.equal(await page.getAttribute('[data-testid=verdict]', 'data-verdict'), expected.verdict);
      const report = JSON.parse((await download(page, 'export-json')).text);
      assert.deepEqual(report.api_changes, expected.api_changes);
      // Every file compared: the CLI's changed files (its stack is deep enough for the file).
      assert.deepEqual(report.files, expected.files);
      t.diagnostic(`a first report was shown before the crash: ${await page.evaluate(() => window.__firstShown)}`);
    }, undefined, { restartsWorkers: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
