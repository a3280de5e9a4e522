// Browser tests of finding one's way in a report: filters by severity, kind, module and rule,
// sorting, collapsing sections, the view kept in the address so a link opens at a finding, and
// the theme switch. Counts are checked against the CLI's report of the same pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, cliJson, pickAndAnalyse } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const ctx = useBrowser();
const withApp = ctx.withApp;

const SAMPLE = join(ROOT, 'www/sample');
const CLI = JSON.parse(cliJson(join(SAMPLE, 'payments-1.4.0'), join(SAMPLE, 'payments-2.0.0')).json);

async function sample(page) {
  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=section-recommendations]');
}

const rows = (page) => page.$$eval('[data-testid=change-row]', (r) => r.map((row) => ({
  kind: row.dataset.kind, severity: row.dataset.severity, object: row.dataset.object, id: row.id,
  section: row.closest('[data-testid^=section-]').dataset.testid,
})));

test('filters by severity, kind and module narrow the changes exactly as the report says; clear restores', async () => {
  await withApp(async (page) => {
    await sample(page);
    const all = await rows(page);
    assert.equal(all.length, CLI.api_changes.length);

    await page.selectOption('[data-testid=filter-severity]', 'additive');
    const additive = await rows(page);
    assert.equal(additive.length, CLI.api_changes.filter((c) => c.severity === 'additive').length);
    assert.ok(additive.length > 0 && additive.every((r) => r.severity === 'additive'));
    assert.match(await page.textContent('[data-testid=section-breaking-changes] h2'), /\(0 of \d+ shown\)/);

    await page.selectOption('[data-testid=filter-severity]', '');
    const kind = CLI.api_changes[0].kind;
    await page.selectOption('[data-testid=filter-kind]', kind);
    const ofKind = await rows(page);
    assert.equal(ofKind.length, CLI.api_changes.filter((c) => c.kind === kind).length);
    assert.ok(ofKind.every((r) => r.kind === kind));

    await page.selectOption('[data-testid=filter-kind]', '');
    const modules = await page.$$eval('[data-testid=filter-module] option', (o) => o.map((x) => x.value).filter(Boolean));
    assert.ok(modules.includes('payments.client'), modules.join(' '));
    await page.selectOption('[data-testid=filter-module]', 'payments.client');
    const inModule = await rows(page);
    const expected = CLI.api_changes.filter((c) => (c.current ?? c.baseline).path === 'payments/client.py');
    assert.equal(inModule.length, expected.length);
    assert.ok(inModule.every((r) => r.object === 'payments.client' || r.object.startsWith('payments.client.')));

    await page.click('[data-testid=clear-filters]');
    assert.deepEqual(await rows(page), all);
  });
});

test('a filter the next report cannot offer is cleared, not left matching nothing', async () => {
  const fixture = join(ROOT, 'tests/fixtures/parameter_removed');
  await withApp(async (page) => {
    await sample(page);
    await page.selectOption('[data-testid=filter-module]', 'payments.client');
    assert.match(await page.evaluate(() => decodeURIComponent(location.hash)), /module=payments.client/);
    await pickAndAnalyse(page, join(fixture, 'baseline'), join(fixture, 'current'));
    assert.equal(await page.inputValue('[data-testid=filter-module]'), '');
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
    await page.selectOption('[data-testid=filter-severity]', 'breaking');
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
    assert.equal(await page.inputValue('[data-testid=filter-severity]'), 'breaking');
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
      /^Parsed in this browser: \d+ and \d+ Python files; public API read from .+; policy: .+\.$/);
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
    await page.selectOption('[data-testid=filter-severity]', 'additive');
    const last = items[items.length - 1];
    await page.click(`[data-testid=top-breaking-item][data-finding="${last.id}"] a`);
    await page.waitForSelector(`[id="${last.id}"] button.disclosure[aria-expanded=true]`, { timeout: 10_000 });
    assert.equal(await page.inputValue('[data-testid=filter-severity]'), '', 'filters cleared');
    assert.ok((await page.evaluate(() => location.hash)).includes(`finding=${last.id}`));
    await page.waitForFunction((id) => {
      const e = document.getElementById(id);
      if (!e) return false;
      const box = e.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    }, last.id, { timeout: 10_000 });
  });
});

test('j ×30 marks the whole row and keeps it in view; ? lists the shortcuts', async () => {
  await withApp(async (page) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await sample(page);
    await page.click('body', { position: { x: 5, y: 5 } });
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press('j');
      const place = await page.evaluate(() => {
        const row = document.activeElement?.closest('tr');
        if (!row) return null;
        const box = row.getBoundingClientRect();
        const style = getComputedStyle(row);
        return { top: box.top, bottom: box.bottom, height: window.innerHeight, shadow: style.boxShadow };
      });
      assert.ok(place, `press ${i + 1}: a row has the focus`);
      assert.ok(place.top >= 0 && place.bottom <= place.height, `press ${i + 1}: the row is in view (${place.top}–${place.bottom} of ${place.height})`);
      assert.ok(place.bottom < place.height - 100 || place.top < 200, `press ${i + 1}: the row is not left at the edge`);
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
