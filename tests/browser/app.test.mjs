// Browser tests: the real release build (dist/) served on 127.0.0.1 under a sub-path, driven in
// Debian's headless Chromium through playwright-core. Every test also checks that the page made
// no request to another origin and none at all after it had loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, CORPUS, openApp, offendingRequests, cliJson, withLabels, download } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const ctx = useBrowser();
const withApp = ctx.withApp;

async function analyseFolders(page, baseline, current) {
  await page.setInputFiles('[data-testid=baseline-files]', baseline);
  await page.setInputFiles('[data-testid=current-files]', current);
  await page.waitForSelector('[data-testid=analyze]:not([disabled])');
  await page.click('[data-testid=analyze]');
  await page.waitForSelector('[data-testid=verdict]', { timeout: 60_000 });
}

async function changeRows(page) {
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=verdict]') && !document.querySelector('[data-testid=changes][data-complete=false]'));
  return page.$$eval('[data-testid=change-row]', (rows) =>
    rows.map((row) => ({
      kind: row.dataset.kind,
      severity: row.dataset.severity,
      object: row.dataset.object,
      parameter: row.dataset.parameter,
    })),
  );
}

function expectedRows(json) {
  return JSON.parse(json).api_changes.map((c) => ({
    kind: c.kind, severity: c.severity, object: c.object, parameter: c.parameter ?? '',
  }));
}

test('the page loads from a sub-path with everything it needs from its own origin', async () => {
  await withApp(async (page, session) => {
    assert.ok(ctx.server.url.endsWith('/stability-lens/'));
    assert.ok(await page.isDisabled('[data-testid=analyze]'), 'Analyze waits for two folders');
    assert.ok(session.requests.some((r) => r.url.endsWith('/worker_bg.wasm')), 'the worker loaded its wasm');
    assert.ok(ctx.server.served.every((path) => path.startsWith('/stability-lens/')), `served: ${ctx.server.served}`);
  });
});

test('a fixture pair picked as folders: verdict and change rows match the CLI', async () => {
  const fixture = join(ROOT, 'tests/fixtures/parameter_removed');
  const cli = cliJson(join(fixture, 'baseline'), join(fixture, 'current'));
  await withApp(async (page) => {
    await analyseFolders(page, join(fixture, 'baseline'), join(fixture, 'current'));
    assert.equal(await page.getAttribute('[data-testid=verdict]', 'data-verdict'), 'breaking');
    assert.deepEqual(await changeRows(page), expectedRows(cli.json));
    const removed = await changeRows(page);
    assert.ok(removed.some((r) => r.kind === 'parameter_removed' && r.object === 'shop.fetch' && r.parameter === 'timeout'));
    // Absorbed by *args/**kwargs: must not be reported as removed.
    assert.ok(!removed.some((r) => r.kind === 'parameter_removed' && r.object === 'shop.absorbed'));
    assert.equal(await page.getAttribute('[data-testid=progress]', 'data-phase'), 'done');

    const file = await download(page, 'export-json');
    assert.equal(file.name, 'stability-report.json');
    assert.equal(file.text, withLabels(cli.json, 'baseline', 'current'), 'downloaded JSON equals the CLI JSON');
  });
});

test('folders dragged and dropped onto the two zones give the same report as the CLI', async () => {
  const fixture = join(ROOT, 'tests/fixtures/api_model');
  const cli = cliJson(join(fixture, 'baseline'), join(fixture, 'current'));
  await withApp(async (page, session) => {
    // A real drag of OS folders, through the DevTools protocol: the page receives directory
    // entries (webkitGetAsEntry) exactly as from a file manager.
    const devtools = await session.context.newCDPSession(page);
    const zones = page.locator('section.zone');
    for (const [index, side] of [[0, 'baseline'], [1, 'current']]) {
      const box = await zones.nth(index).boundingBox();
      const data = { items: [], files: [join(fixture, side)], dragOperationsMask: 1 };
      for (const type of ['dragEnter', 'dragOver', 'drop']) {
        await devtools.send('Input.dispatchDragEvent', { type, x: box.x + box.width / 2, y: box.y + box.height / 2, data });
      }
      await page.waitForSelector(`[data-testid=${side}-picked]`);
    }
    assert.match(await page.textContent('[data-testid=current-picked]'), /current — 11 files/);
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=verdict]');
    assert.deepEqual(await changeRows(page), expectedRows(cli.json));
    const file = await download(page, 'export-json');
    assert.equal(file.text, withLabels(cli.json, 'baseline', 'current'));
  });
});

test('a compatible pair says so', async () => {
  const fixture = join(ROOT, 'tests/fixtures/unchanged');
  await withApp(async (page) => {
    await analyseFolders(page, join(fixture, 'baseline'), join(fixture, 'current'));
    assert.equal(await page.getAttribute('[data-testid=verdict]', 'data-verdict'), 'compatible');
    assert.equal((await changeRows(page)).length, 0);
    // Every section says so in one line, without invented reassurance.
    assert.match(await page.textContent('[data-testid=section-breaking-changes]'), /No breaking change/);
    assert.equal(await page.getAttribute('[data-testid=risk][data-area="breaking changes"]', 'data-level'), 'none');
    assert.match(await page.textContent('[data-testid=section-recommendations]'), /Nothing to recommend/);
  });
});

test('broken files become problem rows while the rest is analysed', async () => {
  const fixture = join(ROOT, 'tests/fixtures/parse_problems');
  const cli = cliJson(join(fixture, 'baseline'), join(fixture, 'current'));
  await withApp(async (page) => {
    await analyseFolders(page, join(fixture, 'baseline'), join(fixture, 'current'));
    const problems = await page.$$eval('[data-testid=problem-row]', (rows) => rows.map((r) => r.dataset.path));
    assert.deepEqual(problems, ['shop/latin.py', 'shop/models.py']);
    const rows = await changeRows(page);
    assert.ok(rows.some((r) => r.kind === 'object_removed' && r.object === 'shop.refund'), 'other files still analysed');
    assert.ok(!rows.some((r) => r.object.startsWith('shop.models')), 'an unparsable module is not reported as removed');
    const file = await download(page, 'export-json');
    assert.equal(file.text, withLabels(cli.json, 'baseline', 'current'));
  });
});

test('the sample: one click, a breaking verdict, and the same JSON as the CLI on www/sample', async () => {
  const cli = cliJson(join(ROOT, 'www/sample/payments-1.4.0'), join(ROOT, 'www/sample/payments-2.0.0'));
  assert.equal(cli.code, 1);
  await withApp(async (page) => {
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=verdict]');
    assert.equal(await page.getAttribute('[data-testid=verdict]', 'data-verdict'), 'breaking');
    assert.deepEqual(await changeRows(page), expectedRows(cli.json));
    const problems = await page.$$eval('[data-testid=problem-row]', (rows) => rows.map((r) => r.dataset.path));
    assert.deepEqual(problems, ['scripts/migrate_v2.py']);
    // Opening a change explains it from the catalogue.
    await page.click('[data-testid=change-row][data-kind=module_removed]');
    assert.match(await page.textContent('.explanation'), /ImportError/);
    const file = await download(page, 'export-json');
    assert.equal(file.text, withLabels(cli.json, 'payments-1.4.0', 'payments-2.0.0'));
    const markdown = await download(page, 'export-markdown');
    assert.match(markdown.text, /## Breaking changes/);
  });
});

/** The compliance section as the page shows it: rules with violations, and findings of a tab. */
async function complianceShown(page, status) {
  await page.click(`[data-testid=findings-${status}]`);
  const findings = await page.$$eval('[data-testid=compliance-finding]', (rows) =>
    rows.map((r) => ({ rule: r.dataset.rule, status: r.dataset.status, path: r.dataset.path })));
  const rules = await page.$$eval('[data-testid=compliance-rule]', (rows) =>
    rows.map((r) => ({ id: r.dataset.rule, level: r.dataset.level, before: Number(r.dataset.before), after: Number(r.dataset.after) })));
  return { findings, rules };
}

function complianceExpected(json, status) {
  const { compliance } = JSON.parse(json);
  return {
    findings: compliance.findings.filter((f) => f.status === status).map((f) => ({ rule: f.rule, status: f.status, path: f.path })),
    // Rules that checked nothing on either side fold into one line, not a row.
    rules: compliance.current.rules
      .map((r, i) => ({ id: r.id, level: r.level, before: compliance.baseline.rules[i].violations, after: r.violations,
        checked: r.checked + compliance.baseline.rules[i].checked }))
      .filter((r) => r.checked > 0)
      .map(({ checked, ...r }) => r),
  };
}

test('compliance on the sample: scores, new and fixed findings, dependencies and the import map match the CLI', async () => {
  const cli = cliJson(join(ROOT, 'www/sample/payments-1.4.0'), join(ROOT, 'www/sample/payments-2.0.0'));
  await withApp(async (page) => {
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=section-compliance]');
    assert.equal(await page.textContent('[data-testid=compliance-policy]'), 'stability.toml');
    for (const status of ['new', 'fixed', 'unchanged']) {
      assert.deepEqual(await complianceShown(page, status), complianceExpected(cli.json, status), status);
    }
    const added = (await complianceShown(page, 'new')).findings.map((f) => f.rule).sort();
    assert.deepEqual(added, ['forbidden_import', 'stub_in_production', 'undeclared_env_var']);
    assert.deepEqual((await complianceShown(page, 'fixed')).findings.map((f) => f.rule), ['duplicate_definition']);
    // A finding opens its rule's explanation.
    await page.click('[data-testid=findings-new]');
    await page.click('[data-testid=compliance-finding][data-rule=stub_in_production]');
    assert.match(await page.textContent('[data-testid=section-compliance] .explanation'), /NotImplementedError/);
    const dependencies = await page.$$eval('[data-testid=dependency]', (rows) => rows.map((r) => [r.dataset.name, r.dataset.change]));
    assert.deepEqual(dependencies, JSON.parse(cli.json).dependencies.map((d) => [d.name, d.change]));
    assert.ok((await page.$$('[data-testid=map-node]')).length >= 3, 'the import map has nodes');
    const edge = '[data-testid=map-edge][data-from="payments.webhooks"][data-to="payments.client"]';
    assert.equal(await page.getAttribute(edge, 'data-violation'), 'true', 'the broken contract is drawn red');
    assert.equal((await page.$$('[data-testid=boundary-finding]')).length, 1);
  });
});

test('the report tells the whole story in its sections; risk and recommendations match the CLI and link to their findings', async () => {
  const cli = JSON.parse(cliJson(join(ROOT, 'www/sample/payments-1.4.0'), join(ROOT, 'www/sample/payments-2.0.0')).json);
  await withApp(async (page) => {
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    // Counts by kind add up to the rows of their section.
    for (const section of ['section-breaking-changes', 'section-interface-compatibility']) {
      const counted = await page.$$eval(`[data-testid=${section}] .kind-count`, (n) => n.reduce((sum, e) => sum + Number(e.dataset.count), 0));
      const rows = await page.$$eval(`[data-testid=${section}] [data-testid=change-row]`, (n) => n.length);
      assert.equal(counted, rows, section);
    }
    const sections = await page.$$eval('[data-testid^=section-]', (nodes) => nodes.map((n) => n.dataset.testid));
    const wanted = ['summary', 'methodology', 'breaking-changes', 'interface-compatibility', 'dependencies',
      'boundaries', 'configuration', 'compliance', 'risk', 'recommendations'].map((name) => `section-${name}`);
    assert.deepEqual(sections.filter((s) => wanted.includes(s)), wanted, 'every section, in the story order');
    // Breaking changes hold exactly the breaking rows; the rest sit under interface compatibility.
    const severities = (section) => page.$$eval(`[data-testid=${section}] [data-testid=change-row]`, (rows) => [...new Set(rows.map((r) => r.dataset.severity))]);
    assert.deepEqual(await severities('section-breaking-changes'), ['breaking']);
    assert.ok(!(await severities('section-interface-compatibility')).includes('breaking'));
    // Risk levels are the CLI's.
    const risks = await page.$$eval('[data-testid=risk]', (rows) => rows.map((r) => r.dataset.level));
    assert.deepEqual(risks, cli.assessment.risks.map((r) => r.level.replace('_', ' ')));
    assert.equal(await page.getAttribute('[data-testid=risk-overall]', 'data-level'), cli.assessment.overall);
    // Each recommendation names findings that exist on the page; following a link lands on one.
    const items = await page.$$eval('[data-testid=recommendation]', (nodes) => nodes.length);
    assert.equal(items, cli.assessment.recommendations.length);
    const targets = await page.$$eval('[data-testid=answers]', (links) => links.map((a) => decodeURIComponent(a.hash.slice(1))));
    assert.ok(targets.length > 0);
    for (const id of targets) {
      assert.ok(await page.evaluate((id) => document.getElementById(id) !== null, id), `no element for ${id}`);
    }
    await page.click('[data-testid=answers] >> nth=0');
    assert.equal(await page.evaluate(() => document.querySelector('[data-targeted]')?.id), targets[0]);
    // Configuration: the undeclared variable the sample adds.
    const configuration = await page.$$eval('[data-testid=configuration-finding]', (rows) => rows.map((r) => [r.dataset.rule, r.dataset.status]));
    assert.deepEqual(configuration, [['undeclared_env_var', 'new']]);
  });
});

test('keyboard and filter: words narrow both change tables, / focuses the filter, j/k move between findings, Enter opens one', async () => {
  await withApp(async (page) => {
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    const rows = () => page.$$eval('[data-testid=change-row]', (r) => r.map((row) => row.dataset.object + ' ' + row.dataset.kind));
    const all = await rows();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'change-filter');
    await page.keyboard.type('charge removed');
    // The table follows each keystroke; wait for the last one's rows.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=change-row]')]
      .every((row) => /charge/.test(row.dataset.object + ' ' + row.dataset.kind)));
    const narrowed = await rows();
    assert.ok(narrowed.length > 0 && narrowed.length < all.length, `${narrowed.length} of ${all.length}`);
    for (const row of narrowed) assert.match(row, /charge/);
    await page.fill('[data-testid=change-filter]', '');
    assert.deepEqual(await rows(), all);
    // j and k move between findings, Enter opens one.
    await page.click('h1');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const focused = () => page.evaluate(() => document.activeElement?.closest('tr, li.change')?.dataset.object ?? null);
    assert.equal(await focused(), all[1].split(' ')[0]);
    await page.keyboard.press('k');
    assert.equal(await focused(), all[0].split(' ')[0]);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded')), 'true');
    assert.ok(await page.$('.explanation'), 'the finding opened');
  });
});

test('the policy editor: a mistake is shown at its line and changes nothing; a valid edit re-scores like the CLI; reset restores', async () => {
  const treePolicy = readFileSync(join(ROOT, 'www/sample/payments-2.0.0/stability.toml'), 'utf8');
  await withApp(async (page) => {
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=policy-editor]');
    assert.equal(await page.inputValue('[data-testid=policy-editor]'), treePolicy);
    const before = await complianceShown(page, 'new');

    const broken = `${treePolicy}\n[rules.import_cycle]\nlevle = "off"\n`;
    await page.fill('[data-testid=policy-editor]', broken);
    await page.click('[data-testid=policy-apply]');
    await page.waitForSelector('[data-testid=policy-error]');
    const line = broken.split('\n').indexOf('levle = "off"') + 1;
    assert.equal(await page.getAttribute('[data-testid=policy-error]', 'data-line'), String(line));
    assert.match(await page.textContent('[data-testid=policy-error]'), /levle/);
    assert.equal(await page.textContent('[data-testid=compliance-policy]'), 'stability.toml', 'nothing changed');
    assert.deepEqual(await complianceShown(page, 'new'), before);

    const edited = `${treePolicy}\n[rules.forbidden_import]\nlevel = "off"\n`;
    await page.fill('[data-testid=policy-editor]', edited);
    await page.click('[data-testid=policy-apply]');
    await page.waitForSelector('[data-testid=compliance-policy]:text("policy edited in the page")');
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    writeFileSync(join(dir, 'stability.toml'), edited);
    const cli = cliJson(join(ROOT, 'www/sample/payments-1.4.0'), join(ROOT, 'www/sample/payments-2.0.0'),
      '--policy', join(dir, 'stability.toml'));
    assert.deepEqual(await complianceShown(page, 'new'), complianceExpected(cli.json, 'new'));
    assert.ok(!(await complianceShown(page, 'new')).findings.some((f) => f.rule === 'forbidden_import'));

    await page.click('[data-testid=policy-reset]');
    await page.waitForSelector('[data-testid=compliance-policy]:text-is("stability.toml")');
    assert.deepEqual(await complianceShown(page, 'new'), before);
  });
});

test('real code: flask 2.3.3 -> 3.0.3 in the browser equals the CLI', async (t) => {
  const baseline = join(CORPUS, 'flask/2.3.3');
  const current = join(CORPUS, 'flask/3.0.3');
  assert.ok(existsSync(baseline) && existsSync(current), `corpus missing in ${CORPUS}: run scripts/fetch-corpus.py`);
  const cli = cliJson(baseline, current);
  await withApp(async (page) => {
    await analyseFolders(page, baseline, current);
    const rows = await changeRows(page);
    assert.ok(rows.some((r) => r.kind === 'object_removed' && r.object === 'flask.helpers.locked_cached_property'));
    const file = await download(page, 'export-json');
    assert.equal(file.text, withLabels(cli.json, '2.3.3', '3.0.3'));
  });
});
