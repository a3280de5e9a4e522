// Browser tests of finding one's way in a report: filters by severity, kind, module and rule,
// sorting, collapsing sections, the view kept in the address so a link opens at a finding, and
// the theme switch. Counts are checked against the CLI's report of the same pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CORPUS, ROOT, cliJson, pickAndAnalyse } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const ctx = useBrowser();
const withApp = ctx.withApp;

const SAMPLE = join(ROOT, 'www/sample');
const CLI = JSON.parse(cliJson(join(SAMPLE, 'payments-1.4.0'), join(SAMPLE, 'payments-2.0.0')).json);

async function sample(page) {
  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=section-recommendations]');
}

/** Ticks (or unticks) one option of a filter menu (kind, module), opening and closing it. */
async function choose(page, menu, value) {
  await page.click(`[data-testid=${menu}] summary`);
  await page.click(`[data-testid=${menu}] input[value="${value}"]`);
  await page.click(`[data-testid=${menu}] summary`);
}

const pressed = (page, severity) => page.getAttribute(`[data-testid=filter-severity-${severity}]`, 'aria-pressed');

const rows = (page) => page.$$eval('[data-testid=change-row]', (r) => r.map((row) => ({
  kind: row.dataset.kind, severity: row.dataset.severity, object: row.dataset.object, id: row.id,
  section: row.closest('[data-testid^=section-]').dataset.testid,
})));

test('filters by severity, kind and module narrow the changes exactly as the report says; clear restores', async () => {
  await withApp(async (page) => {
    await sample(page);
    const all = await rows(page);
    assert.equal(all.length, CLI.api_changes.length);

    await page.click('[data-testid=filter-severity-additive]');
    assert.equal(await pressed(page, 'additive'), 'true');
    const additive = await rows(page);
    assert.equal(additive.length, CLI.api_changes.filter((c) => c.severity === 'additive').length);
    assert.ok(additive.length > 0 && additive.every((r) => r.severity === 'additive'));
    assert.match(await page.textContent('[data-testid=section-breaking-changes] h2'), /\(0 of \d+ shown\)/);
    // A section the filters empty says so and offers to clear them.
    assert.match(await page.textContent('[data-testid=section-breaking-changes] [data-testid=no-match]'), /No change here matches the filters \(\d+ hidden\)/);
    // Severities are a set: a second one adds its changes.
    await page.click('[data-testid=filter-severity-breaking]');
    const two = await rows(page);
    assert.equal(two.length, CLI.api_changes.filter((c) => ['additive', 'breaking'].includes(c.severity)).length);
    await page.click('[data-testid=filter-severity-additive]');
    await page.click('[data-testid=filter-severity-breaking]');
    assert.deepEqual(await rows(page), all, 'untoggled: every change again');

    const kind = CLI.api_changes[0].kind;
    await choose(page, 'filter-kind', kind);
    const ofKind = await rows(page);
    assert.equal(ofKind.length, CLI.api_changes.filter((c) => c.kind === kind).length);
    assert.ok(ofKind.every((r) => r.kind === kind));
    await choose(page, 'filter-kind', kind);

    await page.click('[data-testid=filter-module] summary');
    const modules = await page.$$eval('[data-testid=filter-module] input', (o) => o.map((x) => x.value));
    await page.click('[data-testid=filter-module] summary');
    assert.ok(modules.includes('payments.client'), modules.join(' '));
    await choose(page, 'filter-module', 'payments.client');
    const inModule = await rows(page);
    const expected = CLI.api_changes.filter((c) => (c.current ?? c.baseline).path === 'payments/client.py');
    assert.equal(inModule.length, expected.length);
    assert.ok(inModule.every((r) => r.object === 'payments.client' || r.object.startsWith('payments.client.')));

    await page.click('[data-testid=clear-filters]');
    assert.deepEqual(await rows(page), all);
  });
});

test('each filter option says how many changes it shows, under the other filters, with a human label', async () => {
  await withApp(async (page) => {
    await sample(page);
    const bySeverity = (list) => Object.fromEntries(['breaking', 'warning', 'additive']
      .map((s) => [s, list.filter((c) => c.severity === s).length]).filter(([, n]) => n > 0));
    const severities = await page.$$eval('[data-testid^=filter-severity-]', (b) => Object.fromEntries(b.map((x) => [x.dataset.testid.replace('filter-severity-', ''), Number(x.dataset.count)])));
    assert.deepEqual(severities, bySeverity(CLI.api_changes));
    // Choosing a kind narrows the severity counts to that kind's changes.
    const kind = CLI.api_changes.find((c) => c.severity === 'breaking').kind;
    await choose(page, 'filter-kind', kind);
    const narrowed = await page.$$eval('[data-testid^=filter-severity-]', (b) => Object.fromEntries(b.map((x) => [x.dataset.testid.replace('filter-severity-', ''), Number(x.dataset.count)])));
    const ofKind = bySeverity(CLI.api_changes.filter((c) => c.kind === kind));
    for (const [severity, n] of Object.entries(narrowed)) assert.equal(n, ofKind[severity] ?? 0, severity);
    // Kind options carry the catalogue's label, the id stays in the value.
    await page.click('[data-testid=filter-kind] summary');
    const labels = await page.$$eval('[data-testid=filter-kind] label.option', (l) => l.map((x) => [x.querySelector('input').value, x.querySelector('.option-label').textContent]));
    assert.ok(labels.length > 0 && labels.every(([id, label]) => label !== id && !label.includes('_')), JSON.stringify(labels));
    assert.match(await page.textContent('[data-testid=filter-kind] summary'), /^Kind: [A-Z]/);
  });
});

test('annotation-only changes can be hidden, and the choice is kept in the address', async () => {
  const fixture = join(ROOT, 'tests/fixtures/parameter_annotation_changed');
  const cli = JSON.parse(cliJson(join(fixture, 'baseline'), join(fixture, 'current')).json);
  const annotationOnly = ['return_annotation_changed', 'parameter_annotation_changed', 'attribute_annotation_changed'];
  await withApp(async (page) => {
    await pickAndAnalyse(page, join(fixture, 'baseline'), join(fixture, 'current'));
    const hidden = cli.api_changes.filter((c) => annotationOnly.includes(c.kind)).length;
    assert.ok(hidden > 0);
    assert.match(await page.textContent('label[for=hide-annotations]'), new RegExp(`\\(${hidden}\\)`));
    await page.check('[data-testid=hide-annotations]');
    const shown = await rows(page);
    assert.equal(shown.length, cli.api_changes.length - hidden);
    assert.ok(shown.every((r) => !annotationOnly.includes(r.kind)));
    assert.match(await page.evaluate(() => location.hash), /annotations=hide/);
  });
});

test('the filter bar stays in view while the changes scroll under it', async () => {
  await withApp(async (page) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await pickAndAnalyse(page, join(CORPUS, 'flask/2.3.3'), join(CORPUS, 'flask/3.0.3'));
    await page.evaluate(() => window.scrollTo(0, document.querySelector('[data-testid=section-interface-compatibility]').offsetTop + 1500));
    const bar = await page.$eval('[data-testid=filter-bar]', (e) => { const b = e.getBoundingClientRect(); return { top: b.top, bottom: b.bottom }; });
    assert.ok(bar.top >= 0 && bar.top < 2 && bar.bottom < 200, JSON.stringify(bar));
  });
});

test('a filter the next report cannot offer is cleared, not left matching nothing', async () => {
  const fixture = join(ROOT, 'tests/fixtures/parameter_removed');
  await withApp(async (page) => {
    await sample(page);
    await choose(page, 'filter-module', 'payments.client');
    assert.match(await page.evaluate(() => decodeURIComponent(location.hash)), /module=payments.client/);
    await pickAndAnalyse(page, join(fixture, 'baseline'), join(fixture, 'current'));
    assert.equal(await page.textContent('[data-testid=filter-module] summary'), 'Module: all');
    assert.ok(!(await page.evaluate(() => location.hash)).includes('module='));
    const expected = JSON.parse(cliJson(join(fixture, 'baseline'), join(fixture, 'current')).json).api_changes.length;
    assert.equal((await rows(page)).length, expected);
  });
});

test('sorting orders each table by object, kind or module and back by severity', async () => {
  await withApp(async (page) => {
    await sample(page);
    const bySeverity = await rows(page);
    await page.selectOption('[data-testid=sort]', 'object');
    const byObject = await rows(page);
    for (const section of ['section-breaking-changes', 'section-interface-compatibility']) {
      const objects = byObject.filter((r) => r.section === section).map((r) => r.object);
      assert.deepEqual(objects, [...objects].sort(), section);
    }
    assert.deepEqual([...byObject].map((r) => r.id).sort(), [...bySeverity].map((r) => r.id).sort(), 'the same changes');
    await page.selectOption('[data-testid=sort]', 'kind');
    const kinds = (await rows(page)).filter((r) => r.section === 'section-interface-compatibility').map((r) => r.kind);
    assert.deepEqual(kinds, [...kinds].sort());
    await page.selectOption('[data-testid=sort]', '');
    assert.deepEqual(await rows(page), bySeverity);
  });
});

test('the address keeps the view: a copied link opens at the same finding with the same filters', async () => {
  let link;
  let target;
  await withApp(async (page) => {
    await sample(page);
    await page.click('[data-testid=filter-severity-breaking]');
    const breaking = await rows(page);
    target = breaking[breaking.length - 1];
    await page.click(`[id="${target.id}"] button.disclosure`);
    const hash = decodeURIComponent(await page.evaluate(() => location.hash));
    assert.match(hash, /severity=breaking/);
    assert.ok(hash.includes(`finding=${target.id}`), hash);
    await page.click('[data-testid=copy-link]');
    link = await page.inputValue('[data-testid=share-link]');
    // Closing the finding takes it out of the address.
    await page.click(`[id="${target.id}"] button.disclosure`);
    assert.ok(!(await page.evaluate(() => location.hash)).includes('finding='));
  });
  assert.match(link, /#report=[^&]+&severity=breaking&finding=/);
  await withApp(async (page) => {
    await page.waitForSelector('[data-testid=section-recommendations]');
    assert.equal(await page.getAttribute(`[id="${target.id}"] button.disclosure`, 'aria-expanded'), 'true');
    assert.ok((await rows(page)).every((r) => r.severity === 'breaking'));
    assert.equal(await pressed(page, 'breaking'), 'true');
    // The open finding was scrolled into view.
    const box = await page.evaluate((id) => {
      const { top, bottom } = document.getElementById(id).getBoundingClientRect();
      return { top, bottom, height: window.innerHeight, scrolled: window.scrollY };
    }, target.id);
    assert.ok(box.top > -1 && box.bottom < box.height + 1, JSON.stringify(box)); // sub-pixel rows
  }, link);
});

test('compliance findings filter by rule, and a link opens one on its tab', async () => {
  let link;
  const finding = CLI.compliance.findings.find((f) => f.status === 'fixed') ?? CLI.compliance.findings[0];
  await withApp(async (page) => {
    await sample(page);
    const rules = await page.$$eval('[data-testid=filter-rule] option', (o) => o.map((x) => x.value).filter(Boolean));
    assert.deepEqual(rules, [...new Set(CLI.compliance.findings.map((f) => f.rule))].sort());
    await page.click('[data-testid=findings-new]');
    const rule = CLI.compliance.findings.find((f) => f.status === 'new').rule;
    await page.selectOption('[data-testid=filter-rule]', rule);
    const shown = await page.$$eval('[data-testid=compliance-finding]', (r) => r.map((row) => row.dataset.rule));
    assert.equal(shown.length, CLI.compliance.findings.filter((f) => f.status === 'new' && f.rule === rule).length);
    assert.ok(shown.every((r) => r === rule));
    await page.selectOption('[data-testid=filter-rule]', '');
    await page.click(`[data-testid=findings-${finding.status}]`);
    await page.click(`[data-testid=compliance-finding][data-rule=${finding.rule}][data-path="${finding.path}"] button.disclosure`);
    await page.click('[data-testid=copy-link]');
    link = await page.inputValue('[data-testid=share-link]');
  });
  await withApp(async (page) => {
    await page.waitForSelector('[data-testid=section-recommendations]');
    const open = `[data-testid=compliance-finding][data-rule=${finding.rule}][data-path="${finding.path}"] button.disclosure`;
    assert.equal(await page.getAttribute(open, 'aria-expanded'), 'true');
    assert.equal(await page.getAttribute(`[data-testid=findings-${finding.status}]`, 'aria-selected'), 'true');
  }, link);
});

test('sections collapse and expand from their headings', async () => {
  await withApp(async (page) => {
    await sample(page);
    // Methodology starts collapsed, its one-line summary showing.
    const methodology = '[data-testid=section-methodology] h2 button.collapse';
    assert.equal(await page.getAttribute(methodology, 'aria-expanded'), 'false');
    assert.match(await page.textContent('[data-testid=section-methodology] [data-testid=card-summary]'),
      /^Parsed in this browser: \d+ and \d+ Python files of (a library|an application)( becoming (a library|an application))?; public API read from .+; policy: .+\.$/);
    await page.click(methodology);
    assert.ok(await page.isVisible('[data-testid=section-methodology] table.sides'));
    for (const section of ['section-breaking-changes', 'section-compliance', 'section-risk', 'section-methodology']) {
      const button = `[data-testid=${section}] h2 button.collapse`;
      assert.equal(await page.getAttribute(button, 'aria-expanded'), 'true');
      const before = (await page.textContent(`[data-testid=${section}]`)).length;
      await page.click(button);
      assert.equal(await page.getAttribute(button, 'aria-expanded'), 'false');
      const after = (await page.textContent(`[data-testid=${section}]`)).length;
      assert.ok(after < before / 2, `${section}: ${before} → ${after} characters`);
      await page.keyboard.press('Enter'); // the focused heading button toggles it back
      assert.equal(await page.getAttribute(button, 'aria-expanded'), 'true');
    }
  });
});

test('the theme switch cycles system, light and dark, and is remembered', async () => {
  await withApp(async (page, session) => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await page.getAttribute('[data-testid=theme]', 'data-theme'), 'system');
    await page.click('[data-testid=theme]');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
    const light = await background();
    await page.click('[data-testid=theme]');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const dark = await background();
    assert.notEqual(light, dark);
    session.loaded = false; // a reload loads the page again: those requests are the load's
    await page.reload();
    await page.waitForSelector('[data-testid=app][data-worker-ready=true]');
    session.loaded = true;
    assert.equal(await page.getAttribute('[data-testid=theme]', 'data-theme'), 'dark');
    assert.equal(await background(), dark);
    await page.click('[data-testid=theme]');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme ?? null), null, 'back to the system theme');
  });
});

test('the first screen at 1280×720 names what broke: the verdict and the top breaking changes, each opening its row', async () => {
  await withApp(async (page) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await sample(page);
    const inView = (selector) => page.$eval(selector, (e) => {
      const box = e.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
    });
    assert.ok(await inView('[data-testid=verdict]'), 'the verdict is above the fold');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth && window.scrollX === 0),
      'no horizontal scroll: long names in the first screen clip, they do not widen the page');
    const items = await page.$$eval('[data-testid=top-breaking-item]', (rows) => rows.map((r) => ({ id: r.dataset.finding, text: r.textContent })));
    const breaking = CLI.api_changes.filter((c) => c.severity === 'breaking');
    assert.equal(items.length, Math.min(5, breaking.length));
    // Named as users import them, broken-without-warning first.
    const idOf = (c) => (c.parameter ? `api/${c.kind}/${c.object}/${c.parameter}` : `api/${c.kind}/${c.object}`);
    const change = (id) => breaking.find((c) => idOf(c) === id);
    for (const item of items) {
      assert.ok(change(item.id), `${item.id} is a breaking change of the report`);
      assert.ok(item.text.startsWith(`${change(item.id).public_path} — `), item.text);
    }
    const rank = (c) => (c.typing_only ? 2 : 0) + (c.deprecated != null ? 1 : 0);
    const order = items.map((item) => rank(change(item.id)));
    assert.deepEqual(order, [...order].sort((a, b) => a - b), 'runtime without warning, then after a deprecation, then typing-only');
    assert.ok(await inView('[data-testid=top-breaking-item]:first-child'), 'the first named change is above the fold');
    // A click opens that row, whatever the filters, and brings it into view.
    await page.click('[data-testid=filter-severity-additive]');
    const last = items[items.length - 1];
    await page.click(`[data-testid=top-breaking-item][data-finding="${last.id}"] a`);
    await page.waitForSelector(`[id="${last.id}"] button.disclosure[aria-expanded=true]`, { timeout: 10_000 });
    assert.equal(await pressed(page, 'additive'), 'false', 'filters cleared');
    assert.ok((await page.evaluate(() => location.hash)).includes(`finding=${last.id}`));
    // Its head is on screen, not under the filter bar that stays at the top.
    await page.waitForFunction((id) => {
      const head = document.getElementById(id)?.querySelector('.change-head');
      if (!head) return false;
      const box = head.getBoundingClientRect();
      const bar = document.querySelector('[data-testid=filter-bar]').getBoundingClientRect();
      return box.top >= Math.max(0, bar.bottom) - 1 && box.bottom <= window.innerHeight;
    }, last.id, { timeout: 10_000 });
  });
});

for (const [width, scheme] of [[360, 'dark'], [800, 'light'], [1400, 'dark'], [1280, 'light']]) test(`j ×30 marks the whole row and keeps it in view at ${width} px (${scheme}); ? lists the shortcuts`, async () => {
  await withApp(async (page) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width, height: 720 });
    await sample(page);
    await page.click('body', { position: { x: 5, y: 5 } });
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press('j');
      const place = await page.evaluate(() => {
        const row = document.activeElement?.closest('tr, li.change');
        if (!row) return null;
        const box = row.getBoundingClientRect();
        const style = getComputedStyle(row);
        return { top: box.top, bottom: box.bottom, height: window.innerHeight, shadow: style.boxShadow };
      });
      assert.ok(place, `press ${i + 1}: a row has the focus`);
      assert.ok(place.top >= 0 && place.bottom <= place.height, `press ${i + 1}: the row is in view (${place.top}–${place.bottom} of ${place.height})`);
      assert.ok(place.bottom < place.height - 100 || place.top < 200, `press ${i + 1}: the row is not left at the edge (${place.top}–${place.bottom} of ${place.height})`);
      assert.notEqual(place.shadow, 'none', 'the whole row is marked');
    }
    assert.equal(await page.$('[data-testid=shortcuts]'), null);
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=shortcuts]');
    assert.match(await page.textContent('[data-testid=shortcuts]'), /j \/ k.*Enter.*\/.*\?/s);
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=shortcuts]', { state: 'detached' });
    await page.keyboard.press('?');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=shortcuts]', { state: 'detached' });
    await page.keyboard.press('?');
    await page.click('[data-testid=shortcuts-close]');
    await page.waitForSelector('[data-testid=shortcuts]', { state: 'detached' });
  });
});
