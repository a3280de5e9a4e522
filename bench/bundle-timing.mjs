// Times a git bundle — or a repository folder (a checkout) — in headless Chromium: from choosing
// it to the listed history (read, checksum, index every object; for a checkout also its index and
// working tree), then from Analyze to the rendered report (materialise the two trees, parse,
// compare). Prints one JSON line.
//
// Usage: node bench/bundle-timing.mjs BUNDLE|CHECKOUT BASELINE_REV CURRENT_REV   (needs dist/)
import { launch, openApp } from '../tests/browser/harness.mjs';
import { statSync } from 'node:fs';

const [bundle, baseline, current] = process.argv.slice(2);
if (!bundle || !baseline || !current) {
  console.error('usage: node bench/bundle-timing.mjs BUNDLE BASELINE_REV CURRENT_REV');
  process.exit(2);
}
const { server, browser } = await launch();
try {
  const session = await openApp(browser, server);
  const { page } = session;
  // The page's long tasks (over 50 ms) while it opens, as Chromium reports them.
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(Math.round(entry.duration));
    }).observe({ type: 'longtask' });
  });
  const checkout = statSync(bundle).isDirectory();
  await page.click(checkout ? '[data-testid=mode-repository]' : '[data-testid=mode-bundle]');
  const t0 = Date.now();
  await page.setInputFiles(checkout ? '[data-testid=repository-files]' : '[data-testid=bundle-file]', bundle);
  await page.waitForSelector('[data-testid=bundle-picked]', { timeout: 120_000 });
  const opened = Date.now() - t0;
  const summary = await page.textContent('[data-testid=bundle-picked]');
  const longTasks = await page.evaluate(() => window.__longTasks.sort((a, b) => b - a));
  await page.fill('[data-testid=baseline-ref]', baseline);
  await page.fill('[data-testid=current-ref]', current);
  await page.waitForSelector('[data-testid=commit-row], [data-testid=range-empty]');
  await page.waitForSelector('[data-testid=analyze]:not([disabled])');
  const t1 = Date.now();
  await page.click('[data-testid=analyze]');
  await page.waitForSelector('[data-testid=verdict]', { timeout: 300_000 });
  const analysed = Date.now() - t1;
  const rows = await page.$$eval('[data-testid=change-row]', (r) => r.length);
  console.log(JSON.stringify({ bundle, bytes: checkout ? undefined : statSync(bundle).size, summary: summary.trim(), open_and_index_ms: opened, open_long_tasks_ms: { count: longTasks.length, longest: longTasks[0] ?? 0 }, analyze_ms: analysed, change_rows: rows }));
  await session.context.close();
} finally {
  await browser.close();
  await server.close();
}
