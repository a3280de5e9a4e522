// The report's layout at any width (360, 800 and 1400 px) in the light and the dark theme, on a
// real library (flask 2.3.3 -> 3.0.3 as folders): no horizontal page scroll, signatures side by
// side where there is room and stacked where there is not, wrapped only between identifiers, and
// no serious accessibility violation. Then the first screen at 1280x720 for folders, archives and
// a bundle, and the import map drawing exactly the cycles the import_cycle rule reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, ROOT, cliJson, pickAndAnalyse } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const ctx = useBrowser();
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const FLASK = [join(CORPUS, 'flask/2.3.3'), join(CORPUS, 'flask/3.0.3')];

async function seriousViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** What the page does at this width: scroll width, how signatures sit, where lines break. */
function measure() {
  const signatures = [...document.querySelectorAll('[data-testid=change-row] .signatures')].slice(0, 40);
  const sideBySide = signatures.filter((s) => {
    const [a, b] = s.querySelectorAll('.side');
    return a && b && Math.abs(a.getBoundingClientRect().top - b.getBoundingClientRect().top) < 2;
  }).length;
  // A line break inside a signature must fall after `(`, `,`, `.`, `[`, `|`, a space, or before
  // `->`: never between two characters of an identifier.
  const badBreaks = [];
  for (const code of [...document.querySelectorAll('code.signature')].slice(0, 60)) {
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    const chars = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i += 1) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect) chars.push({ c: node.data[i], top: rect.top });
      }
    }
    for (let i = 1; i < chars.length; i += 1) {
      if (chars[i].top > chars[i - 1].top + 4) {
        const [before, after] = [chars[i - 1].c, chars[i].c];
        const allowed = '(,.[| \n'.includes(before) || (after === '-' && chars[i + 1]?.c === '>') || /\s/.test(after);
        if (!allowed) badBreaks.push(`${code.textContent.slice(0, 60)} … ${before}|${after}`);
      }
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width: window.innerWidth,
    signatures: signatures.length,
    sideBySide,
    badBreaks: badBreaks.slice(0, 5),
  };
}

for (const scheme of ['light', 'dark']) {
  for (const width of [360, 800, 1400]) {
    test(`${width} px, ${scheme}: no horizontal scroll, signatures laid out for the width, axe clean`, async () => {
      await ctx.withApp(async (page) => {
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await page.setViewportSize({ width, height: 900 });
        await pickAndAnalyse(page, ...FLASK);
        await page.waitForSelector('[data-testid=changes][data-complete=true]');
        // A finding opened too: its explanation and evidence must fit as well.
        await page.click('[data-testid=change-row] >> nth=0 >> button.disclosure');
        await page.waitForSelector('[data-testid=evidence][data-state=ready]');
        const m = await page.evaluate(measure);
        assert.ok(m.scrollWidth <= m.width, `the page scrolls sideways: ${m.scrollWidth} > ${m.width}`);
        assert.ok(m.signatures > 10, `${m.signatures} signature pairs rendered`);
        if (width >= 800) assert.equal(m.sideBySide, m.signatures, 'before and after side by side');
        else assert.equal(m.sideBySide, 0, 'before and after stacked');
        assert.deepEqual(m.badBreaks, [], 'signatures wrap only between identifiers');
        assert.deepEqual(await seriousViolations(page), [], 'axe');
      });
    });
  }
}

/** Whether an element is entirely within the viewport. */
const inView = (page, selector) => page.$eval(selector, (e) => {
  const box = e.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
});

test('1280x720: the verdict and the top breaking changes are on the first screen for folders, archives and a bundle', async () => {
  const archives = join(ROOT, 'tests/fixtures/archives');
  const ways = {
    folders: (page) => pickAndAnalyse(page, ...FLASK),
    archives: async (page) => {
      await page.setInputFiles('[data-testid=baseline-archive]', join(archives, 'payments-1.4.0.tar.gz'));
      await page.setInputFiles('[data-testid=current-archive]', join(archives, 'payments-2.0.0.zip'));
      await page.waitForSelector('[data-testid=analyze]:not([disabled])');
      await page.click('[data-testid=analyze]');
      await page.waitForSelector('[data-testid=section-recommendations]');
    },
    bundle: async (page) => {
      await page.click('[data-testid=mode-bundle]');
      await page.setInputFiles('[data-testid=bundle-file]', join(CORPUS, 'bundles/flask.bundle'));
      await page.waitForSelector('[data-testid=bundle-picked]');
      await page.fill('[data-testid=baseline-ref]', 'v2.3.3');
      await page.fill('[data-testid=current-ref]', 'v3.0.3');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=commit-row]').length === 2);
      await page.click('[data-testid=analyze]');
      await page.waitForSelector('[data-testid=section-recommendations]', { timeout: 60_000 });
    },
  };
  for (const [way, analyse] of Object.entries(ways)) {
    await ctx.withApp(async (page) => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await analyse(page);
      await page.waitForTimeout(300); // the scroll to the summary, after the first render
      assert.ok(await inView(page, '[data-testid=verdict]'), `${way}: the verdict is above the fold`);
      assert.ok(await inView(page, '[data-testid=top-breaking-item]:first-child'), `${way}: the first breaking change is named`);
      assert.ok(await inView(page, '[data-testid=top-breaking-item]:last-child'), `${way}: the top breaking changes are all on screen`);
    });
  }
});

test('the import map dashes exactly the cycles the import_cycle rule reports, and nothing on a library without cycles', async () => {
  const fixture = join(ROOT, 'tests/fixtures/compliance/import_cycle');
  const cases = [[join(fixture, 'baseline'), join(fixture, 'current')], FLASK];
  for (const [baseline, current] of cases) {
    const cli = JSON.parse(cliJson(baseline, current).json);
    const cycles = cli.compliance.findings.filter((f) => f.rule === 'import_cycle' && f.status !== 'fixed');
    await ctx.withApp(async (page) => {
      await pickAndAnalyse(page, baseline, current);
      const drawn = await page.$$eval('[data-testid=map-node][data-cyclic=true]', (n) => n.map((x) => x.dataset.name).sort());
      const dashed = await page.$$eval('[data-testid=map-edge][data-cyclic=true]', (e) => e.map((x) => `${x.dataset.from}>${x.dataset.to}`).sort());
      assert.deepEqual(drawn, cli.compliance.map.nodes.filter((n) => n.cyclic).map((n) => n.name).sort());
      assert.deepEqual(dashed, cli.compliance.map.edges.filter((e) => e.cyclic).map((e) => `${e.from}>${e.to}`).sort());
      assert.equal((cli.compliance.map.cycles ?? []).length, cycles.length, 'one drawn cycle per reported cycle');
      if (cycles.length === 0) {
        assert.deepEqual([drawn, dashed], [[], []], 'no cycle reported, none drawn');
        assert.match(await page.textContent('[data-testid=map-legend]'), /no import cycle when modules load/);
      } else {
        // Every module of a reported cycle sits in a dashed node.
        const modules = cycles.flatMap((f) => f.message.split(': ')[1].split(' — ')[0].split(' → '));
        for (const module of modules) assert.ok(drawn.some((node) => module === node || module.startsWith(`${node}.`)), module);
      }
      // A library without contracts shows its package structure; labels at body size.
      const heading = await page.textContent('[data-testid=section-boundaries] h2');
      assert.equal(heading, cli.compliance.current.rules.some((r) => ['layer_violation', 'forbidden_import', 'independence_violation'].includes(r.id) && r.checked > 0) ? 'Service boundaries' : 'Package structure');
      const fontPx = await page.$eval('[data-testid=map-node] text', (t) => t.getBoundingClientRect().height);
      assert.ok(fontPx >= 14, `labels ${fontPx}px high`);
      await page.click('[data-testid=map-zoom-fit]');
      assert.equal(await page.getAttribute('[data-testid=import-map]', 'width'), '100%');
    });
  }
});
