// Accessibility: axe-core (from npm) run on the start page and on a full report, in the light and
// the dark theme. No serious or critical violation is allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

const ctx = useBrowser();

/** Serious and critical axe violations on the page as it is, one line each. */
async function violations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.split('\n')[1] ?? ''}`));
}

for (const scheme of ['light', 'dark']) {
  test(`no serious accessibility violation, ${scheme} theme: start page and the sample's report`, async () => {
    await ctx.withApp(async (page) => {
      // Reduced motion: no colour transition is caught half-way when the scheme switches.
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      assert.deepEqual(await violations(page), [], 'start page');
      await page.click('[data-testid=sample]');
      await page.waitForSelector('[data-testid=section-recommendations]');
      await page.click('[data-testid=change-row] >> nth=0'); // an open explanation too,
      await page.waitForSelector('[data-testid=evidence][data-state=ready]'); // its source
      await page.click('[data-testid=file-diff] summary'); // and the file's diff
      await page.click('[data-testid=copy-link]');
      await page.waitForSelector('[data-testid=share-link]');
      assert.deepEqual(await violations(page), [], 'report');
    });
  });
}
