// Browser tests of the third way in, a repository folder: the reviewer picks their checkout, the
// page reads its .git (refs, history, objects) and its working tree as git status sees it, offers
// `merge base..working tree` by default, and gives the report `stability-lens diff --repo` gives,
// byte for byte; a finding's evidence is read from the working tree. Repositories are made with
// real git; bad ones (no .git, SHA-256, a corrupt object) get one clear message each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, download, cliReport as cli } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const ctx = useBrowser();
const SAMPLE = join(ROOT, 'www/sample');
const ROW = '[data-testid=change-row][data-kind=parameter_removed][data-object="payments.client.PaymentClient.charge"]';

const git = (dir, ...args) => execFileSync('git', ['-C', dir, '-c', 'user.name=Reviewer', '-c', 'user.email=r@example.com', ...args], { encoding: 'utf8' });

/** Replaces a checkout's files (all but .git) with a folder's. */
function replaceFiles(repo, from) {
  for (const entry of readdirSync(repo)) if (entry !== '.git') rmSync(join(repo, entry), { recursive: true, force: true });
  cpSync(from, repo, { recursive: true });
}

/**
 * The sample's history as a checkout: 1.4.0 on main (tagged), 2.0.0 committed on a feature
 * branch, and in the working tree an edit, an untracked module and ignored files.
 */
function makeCheckout() {
  const parent = mkdtempSync(join(tmpdir(), 'stability-repo-'));
  const repo = join(parent, 'payments');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  replaceFiles(repo, join(SAMPLE, 'payments-1.4.0'));
  writeFileSync(join(repo, '.gitignore'), '*.log\nbuild/\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'Release 1.4.0');
  git(repo, 'tag', 'v1.4.0');
  git(repo, 'checkout', '-qb', 'feature');
  replaceFiles(repo, join(SAMPLE, 'payments-2.0.0'));
  writeFileSync(join(repo, '.gitignore'), '*.log\nbuild/\n');
  // More files than the page posts to the worker at once (256): the checkout goes in chunks.
  mkdirSync(join(repo, 'docs/pages'), { recursive: true });
  for (let i = 0; i < 600; i++) writeFileSync(join(repo, `docs/pages/page${i}.txt`), `page ${i}\n`);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'Payments 2.0.0');
  const client = join(repo, 'payments/client.py');
  writeFileSync(client, readFileSync(client, 'utf8').replace('    def charge(', '    # working tree marker\n    def charge('));
  writeFileSync(join(repo, 'payments/refunds.py'), 'def refund(charge_id):\n    return charge_id\n');
  writeFileSync(join(repo, 'debug.log'), 'ignored\n');
  mkdirSync(join(repo, 'build'));
  writeFileSync(join(repo, 'build/generated.py'), 'def generated():\n    pass\n');
  return { parent, repo };
}

test('a repository folder: its history and working tree, merge base..working tree by default, the CLI\'s report', async () => {
  const { parent, repo } = makeCheckout();
  try {
    const expected = cli(['diff', '--repo', repo]);
    const report = JSON.parse(expected);
    assert.ok(report.files.some((f) => f.path === 'payments/refunds.py'), 'the CLI reads the untracked module');
    assert.ok(!report.files.some((f) => f.path.startsWith('build/') || f.path === 'debug.log'), 'ignored files are left out');
    await ctx.withApp(async (page) => {
      await page.click('[data-testid=mode-repository]');
      await page.setInputFiles('[data-testid=repository-files]', repo);
      await page.waitForSelector('[data-testid=bundle-picked]');
      assert.match(await page.textContent('[data-testid=bundle-picked]'), /payments — git repository, \d+ objects, \d+ refs/);
      assert.equal(await page.inputValue('[data-testid=baseline-ref]'), 'merge-base(main, HEAD)');
      assert.equal(await page.inputValue('[data-testid=current-ref]'), 'working tree');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=commit-row]').length === 1);
      assert.equal(await page.textContent('[data-testid=commit-row] td:nth-child(3)'), 'Payments 2.0.0');
      await page.click('[data-testid=analyze]');
      await page.waitForSelector('[data-testid=section-recommendations]');
      assert.equal((await download(page, 'export-json')).text, expected);
      // The evidence of a finding is the working tree's file, uncommitted edit included.
      await page.click(`${ROW} button.disclosure`);
      const inside = await page.$(`${ROW} .explanation`);
      const scope = inside ? `${ROW} .explanation [data-testid=evidence]` : `${ROW} + tr.explanation [data-testid=evidence]`;
      await page.waitForSelector(`${scope}:not([data-state=loading])`, { timeout: 30_000 });
      assert.match(await page.textContent(`${scope} [data-testid=evidence-current]`), /# working tree marker/);
      assert.doesNotMatch(await page.textContent(`${scope} [data-testid=evidence-baseline]`), /# working tree marker/);

      // Two commits of its history compare as in the CLI; a bundle picked meanwhile is its own tab's.
      await page.fill('[data-testid=baseline-ref]', 'v1.4.0');
      await page.fill('[data-testid=current-ref]', 'feature');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=commit-row]').length === 1);
      // The report shown is marked: the next one is a new element.
      await page.$eval('[data-testid=section-recommendations]', (section) => section.setAttribute('data-old', ''));
      await page.click('[data-testid=analyze]');
      await page.waitForSelector('[data-testid=section-recommendations]:not([data-old])');
      assert.equal((await download(page, 'export-json')).text, cli(['diff', '--repo', repo, '--baseline', 'v1.4.0', '--current', 'feature']));
      await page.click('[data-testid=mode-bundle]');
      assert.equal(await page.$('[data-testid=bundle-picked]'), null, 'the bundle tab shows no bundle');
    });
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});

test('a folder without .git, a SHA-256 repository, a corrupt object and a shallow clone each get one clear message', async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'stability-badrepo-'));
  try {
    const plain = join(parent, 'plain');
    cpSync(join(SAMPLE, 'payments-1.4.0'), plain, { recursive: true });
    const sha256 = join(parent, 'sha256');
    mkdirSync(sha256);
    git(sha256, 'init', '-q', '--object-format=sha256');
    writeFileSync(join(sha256, 'a.py'), 'x = 1\n');
    git(sha256, 'add', '-A');
    git(sha256, 'commit', '-qm', 'one');
    const corrupt = join(parent, 'corrupt');
    mkdirSync(corrupt);
    git(corrupt, 'init', '-q', '-b', 'main');
    writeFileSync(join(corrupt, 'a.py'), 'x = 1\n');
    git(corrupt, 'add', '-A');
    git(corrupt, 'commit', '-qm', 'one');
    const blob = git(corrupt, 'rev-parse', 'HEAD:a.py').trim();
    const object = join(corrupt, '.git/objects', blob.slice(0, 2), blob.slice(2));
    rmSync(object, { force: true });
    writeFileSync(object, Buffer.from('not a zlib stream'));
    await ctx.withApp(async (page) => {
      await page.click('[data-testid=mode-repository]');
      for (const [dir, message] of [
        [plain, /plain: no \.git in this folder/],
        [sha256, /sha256.*(not supported|SHA-1)/i],
        [corrupt, /corrupt: .*(zlib|corrupt|decompress|inflate)/i],
      ]) {
        await page.setInputFiles('[data-testid=repository-files]', dir);
        await page.waitForSelector('[data-testid=bundle-error]');
        const said = await page.textContent('[data-testid=bundle-error]');
        t.diagnostic(said);
        assert.match(said, message);
        assert.ok(await page.isDisabled('[data-testid=analyze]'));
      }
      // And the page stays usable: a good checkout opens after them.
      appendFileSync(join(plain, 'README.md'), '\n');
      git(plain, 'init', '-q', '-b', 'main');
      git(plain, 'add', '-A');
      git(plain, 'commit', '-qm', 'one');
      await page.setInputFiles('[data-testid=repository-files]', plain);
      await page.waitForSelector('[data-testid=bundle-picked]');
      // A shallow clone opens; a revision beyond what it holds says so.
      const { parent: source, repo } = makeCheckout();
      try {
        const shallow = join(parent, 'shallow');
        execFileSync('git', ['clone', '-q', '--depth', '1', pathToFileURL(repo).href, shallow]);
        await page.setInputFiles('[data-testid=repository-files]', shallow);
        await page.waitForSelector('[data-testid=bundle-picked]');
        await page.fill('[data-testid=baseline-ref]', 'HEAD~1');
        await page.waitForSelector('[data-testid=range-error]');
        const said = await page.textContent('[data-testid=range-error]');
        t.diagnostic(said);
        assert.match(said, /shallow clone/);
        assert.ok(await page.isDisabled('[data-testid=analyze]'));
      } finally {
        rmSync(source, { recursive: true, force: true });
      }
    });
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
