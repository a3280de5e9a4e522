// Browser tests of the evidence view: a finding opens the source around its line on both sides
// (coloured from the parser's tokens) and the whole file's diff, read again from wherever the
// report was analysed — the sample, picked folders, archives, a git bundle. Each shown line is
// checked against the file itself, and the diff's counts against `git diff --numstat`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, pickAndAnalyse, download } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const ctx = useBrowser();
const withApp = ctx.withApp;

const SAMPLE = join(ROOT, 'www/sample');
const OLD = join(SAMPLE, 'payments-1.4.0');
const NEW = join(SAMPLE, 'payments-2.0.0');
const ROW = '[data-testid=change-row][data-kind=parameter_removed][data-object="payments.client.PaymentClient.charge"]';

const fileLines = (path) => readFileSync(path, 'utf8').split(/\r?\n/);

/** Opens a finding (its row's disclosure button) and reads its evidence view once it is ready. */
async function openEvidence(page, row) {
  await page.click(`${row} button.disclosure`);
  // This finding's, not another's: inside a change's card, or in the row after a table row.
  const inside = await page.$(`${row} .explanation`);
  const scope = inside ? `${row} .explanation [data-testid=evidence]` : `${row} + tr.explanation [data-testid=evidence]`;
  await page.waitForSelector(`${scope}:not([data-state=loading])`, { timeout: 30_000 });
  return page.evaluate((scope) => {
    const view = document.querySelector(scope);
    const text = (line) => [...line.childNodes]
      .filter((n) => !(n.classList?.contains('ln') || n.classList?.contains('mark')))
      .map((n) => n.textContent).join('').replace(/\n$/, '');
    const side = (testid) => {
      const figure = view.querySelector(`[data-testid=${testid}]`);
      if (!figure?.dataset.path) return null;
      return {
        path: figure.dataset.path,
        line: Number(figure.dataset.line),
        text: figure.textContent,
        lines: [...figure.querySelectorAll('.line')].map((l) => ({
          number: Number(l.dataset.line),
          text: text(l),
          focus: l.classList.contains('focus'),
          tokens: [...l.querySelectorAll('span[class^=tok-]')].map((s) => [s.className, s.textContent]),
        })),
      };
    };
    const diff = view.querySelector('[data-testid=file-diff]');
    return {
      state: view.dataset.state,
      text: view.textContent,
      baseline: side('evidence-baseline'),
      current: side('evidence-current'),
      diff: diff && {
        status: diff.dataset.status,
        summary: diff.querySelector('summary')?.textContent ?? diff.textContent,
        added: [...diff.querySelectorAll('.line.added')].map(text),
        removed: [...diff.querySelectorAll('.line.removed')].map(text),
      },
    };
  }, scope);
}

/** Every shown line is the file's line at that number; the finding's line is the focused one. */
function assertExcerpt(excerpt, root) {
  assert.ok(excerpt, 'the side is shown');
  const lines = fileLines(join(root, excerpt.path));
  assert.ok(excerpt.lines.length >= 10, `${excerpt.lines.length} lines shown`);
  for (const line of excerpt.lines) assert.equal(line.text, lines[line.number - 1], `${excerpt.path}:${line.number}`);
  assert.deepEqual(excerpt.lines.filter((l) => l.focus).map((l) => l.number), [excerpt.line]);
}

/** The diff holds git's counts, and its lines are the files' lines. */
function assertDiff(diff, oldPath, newPath) {
  let numstat = '';
  try {
    numstat = execFileSync('git', ['diff', '--no-index', '--numstat', oldPath, newPath], { encoding: 'utf8' });
  } catch (error) {
    numstat = error.stdout; // exit code 1: the files differ
  }
  const [added, removed] = numstat.trim().split(/\s+/).map(Number);
  assert.equal(diff.status, 'changed');
  assert.match(diff.summary, new RegExp(`\\+${added} −${removed} lines`));
  assert.equal(diff.added.length, added);
  assert.equal(diff.removed.length, removed);
  const [before, after] = [new Set(fileLines(oldPath)), new Set(fileLines(newPath))];
  for (const line of diff.removed) assert.ok(before.has(line), `removed line from the old file: ${line}`);
  for (const line of diff.added) assert.ok(after.has(line), `added line from the new file: ${line}`);
}

/** The `PaymentClient.charge` finding, checked against the files of the pair analysed. */
async function checkCharge(page, old = OLD, current = NEW) {
  const evidence = await openEvidence(page, ROW);
  assert.equal(evidence.state, 'ready', evidence.text);
  assertExcerpt(evidence.baseline, old);
  assertExcerpt(evidence.current, current);
  const focus = evidence.current.lines.find((l) => l.focus);
  assert.match(focus.text, /def charge\(self, amount, currency, customer, idempotency_key/);
  assert.deepEqual(focus.tokens.slice(0, 2), [['tok-kw', 'def'], ['tok-def', 'charge']]);
  assertDiff(evidence.diff, join(old, evidence.baseline.path), join(current, evidence.current.path));
  return evidence;
}

/**
 * The sample pair with a line added above `charge` on each side, so the source shown can only
 * have come from these files (not from the sample built into the app): as folders, as archives
 * (tar.gz, zip) and as a git bundle (tag v1, HEAD).
 */
function changedSample() {
  const dir = mkdtempSync(join(tmpdir(), 'stability-evidence-pair-'));
  const [old, current] = [join(dir, 'old'), join(dir, 'new')];
  for (const [from, to, marker] of [[OLD, old, '# baseline marker'], [NEW, current, '# current marker']]) {
    cpSync(from, to, { recursive: true });
    const client = join(to, 'payments/client.py');
    writeFileSync(client, readFileSync(client, 'utf8').replace('    def charge(', `    ${marker}\n    def charge(`));
  }
  execFileSync('tar', ['-czf', join(dir, 'old.tar.gz'), '-C', dir, 'old']);
  execFileSync('tar', ['-cf', join(dir, 'new.tar'), '-C', dir, 'new']);
  const repo = join(dir, 'repo');
  const git = (...args) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@e', ...args]);
  cpSync(old, repo, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'old');
  git('tag', 'v1');
  rmSync(join(repo, 'payments'), { recursive: true, force: true });
  cpSync(current, repo, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'new');
  git('bundle', 'create', '-q', join(dir, 'pair.bundle'), '--all');
  return { dir, old, current };
}

test('the sample: a finding opens both sides at its line, coloured, and the file diff git agrees with', async () => {
  await withApp(async (page) => {
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    const evidence = await checkCharge(page);
    // Strings and comments are coloured too; the diff opens with a click.
    const tokens = evidence.current.lines.flatMap((l) => l.tokens.map(([c]) => c));
    assert.ok(tokens.includes('tok-str'), tokens.join(' '));
    await page.click('[data-testid=file-diff] summary');
    assert.ok(await page.isVisible('[data-testid=file-diff] .line.added'));
  });
});

test('picked folders, archives and a git bundle: the source is read again from each', async () => {
  const pair = changedSample();
  const marked = async (page) => {
    const evidence = await checkCharge(page, pair.old, pair.current);
    assert.match(evidence.baseline.text, /# baseline marker/);
    assert.match(evidence.current.text, /# current marker/);
  };
  await withApp(async (page) => {
    await pickAndAnalyse(page, pair.old, pair.current);
    await marked(page);
  });
  await withApp(async (page) => {
    await page.setInputFiles('[data-testid=baseline-archive]', join(pair.dir, 'old.tar.gz'));
    await page.setInputFiles('[data-testid=current-archive]', join(pair.dir, 'new.tar'));
    await page.waitForSelector('[data-testid=analyze]:not([disabled])');
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    await marked(page);
  });
  await withApp(async (page) => {
    await page.click('[data-testid=mode-bundle]');
    await page.setInputFiles('[data-testid=bundle-file]', join(pair.dir, 'pair.bundle'));
    await page.waitForSelector('[data-testid=bundle-picked]');
    await page.fill('[data-testid=baseline-ref]', 'v1');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=commit-row]').length === 1);
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    await marked(page);
  });
});

test('a compliance finding opens its side at its line and the file diff; an added module has no old side', async () => {
  await withApp(async (page) => {
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    const report = JSON.parse((await download(page, 'export-json')).text);
    const finding = report.compliance.findings.find((f) => f.status === 'new' && f.path.endsWith('.py'));
    assert.ok(finding, 'the sample has a new compliance finding in a Python file');
    const evidence = await openEvidence(page, `[data-testid=compliance-finding][data-rule=${finding.rule}][data-path="${finding.path}"]`);
    assertExcerpt(evidence.current, NEW);
    assert.equal(evidence.current.line, finding.line);
    assert.match(evidence.text, /Before/);

    const added = report.api_changes.find((c) => c.kind === 'module_added');
    assert.ok(added, 'the sample adds a module');
    const module = await openEvidence(page, `[data-testid=change-row][data-kind=module_added][data-object="${added.object}"]`);
    assertExcerpt(module.current, NEW);
    assert.match(module.text, new RegExp(`${added.current.path} is not on this side`));
  });
});

test('a dependency change opens the diff of the file declaring it', async () => {
  await withApp(async (page) => {
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    await page.click('[data-testid=dependency][data-name=requests] button.disclosure');
    await page.waitForSelector('[data-testid=evidence]:not([data-state=loading])');
    assert.equal(await page.getAttribute('[data-testid=evidence]', 'data-state'), 'ready');
    await page.click('[data-testid=file-diff] summary');
    const lines = (selector) => page.$$eval(selector, (rows) => rows.map((row) => [...row.childNodes]
      .filter((n) => !(n.classList?.contains('ln') || n.classList?.contains('mark')))
      .map((n) => n.textContent).join('').replace(/\n$/, '')));
    const removed = await lines('[data-testid=file-diff] .line.removed');
    const added = await lines('[data-testid=file-diff] .line.added');
    assert.ok(removed.some((l) => l.includes('requests>=2.28')), removed.join('\n'));
    assert.ok(added.some((l) => l.includes('requests>=2.31')), added.join('\n'));
    assertDiff({ status: await page.getAttribute('[data-testid=file-diff]', 'data-status'),
      summary: await page.textContent('[data-testid=file-diff] summary'), added, removed },
    join(OLD, 'pyproject.toml'), join(NEW, 'pyproject.toml'));
  });
});

test('a saved report has no code: the evidence says so', async () => {
  let json;
  await withApp(async (page) => {
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    json = (await download(page, 'export-json')).text;
  });
  const dir = mkdtempSync(join(tmpdir(), 'stability-evidence-'));
  writeFileSync(join(dir, 'report.json'), json);
  await withApp(async (page) => {
    await page.setInputFiles('[data-testid=open-report]', join(dir, 'report.json'));
    await page.waitForSelector('[data-testid=read-only]');
    const evidence = await openEvidence(page, ROW);
    assert.equal(evidence.state, 'unavailable');
    assert.match(evidence.text, /code is not included/);
  });
  // Opened over an analysis of the same pair, it still has no code: the analysis's files are not
  // the saved report's.
  await withApp(async (page) => {
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    await page.setInputFiles('[data-testid=open-report]', join(dir, 'report.json'));
    await page.waitForSelector('[data-testid=read-only]');
    const evidence = await openEvidence(page, ROW);
    assert.equal(evidence.state, 'unavailable');
  });
});

test('source full of <script> payloads shows as text in the evidence view', async () => {
  const injection = join(ROOT, 'tests/fixtures/injection');
  await withApp(async (page) => {
    await pickAndAnalyse(page, join(injection, 'baseline'), join(injection, 'current'));
    const rows = await page.$$eval('[data-testid=change-row]', (r) => r.map((row) => row.id));
    assert.ok(rows.length > 0);
    let shown = '';
    for (const id of rows) {
      const evidence = await openEvidence(page, `[id="${id}"]`);
      assert.equal(evidence.state, 'ready', evidence.text);
      shown += evidence.text;
      await page.click(`[id="${id}"] button.disclosure`); // close it again
    }
    assert.match(shown, /<script>/);
    const traces = await page.evaluate(() => ({
      pwned: window.__pwned ?? null,
      images: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].filter((s) => !s.src && s.type !== 'module').length,
    }));
    assert.deepEqual(traces, { pwned: null, images: 0, scripts: 0 });
  });
});
