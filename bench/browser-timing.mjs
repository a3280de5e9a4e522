// Times one analysis in headless Chromium, from the click on Analyze (both folders already
// picked) to the rendered verdict, and records the page's long tasks (> 50 ms on the main
// thread) meanwhile. Prints a JSON line per run.
//
// Usage: node bench/browser-timing.mjs BASELINE_DIR CURRENT_DIR [RUNS]
// (needs dist/ from `trunk build --release --offline`)
import { launch, openApp } from '../tests/browser/harness.mjs';

const [baseline, current, runs = '3'] = process.argv.slice(2);
if (!baseline || !current) {
  console.error('usage: node bench/browser-timing.mjs BASELINE_DIR CURRENT_DIR [RUNS]');
  process.exit(2);
}
const { server, browser } = await launch();
try {
  for (let run = 1; run <= Number(runs); run++) {
    const session = await openApp(browser, server);
    const { page } = session;
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: false });
      // When each phase first shows in the progress bar (the worker reports read, parse, compare).
      window.__phases = {};
      new MutationObserver(() => {
        const phase = document.querySelector('[data-testid=progress]')?.dataset.phase;
        if (phase && !(phase in window.__phases)) window.__phases[phase] = performance.now();
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.setInputFiles('[data-testid=baseline-files]', baseline);
    await page.setInputFiles('[data-testid=current-files]', current);
    await page.waitForSelector('[data-testid=analyze]:not([disabled])');
    const started = await page.evaluate(() => performance.now());
    await page.click('[data-testid=analyze]');
    await page.waitForSelector('[data-testid=verdict]', { timeout: 120_000 });
    const rendered = await page.evaluate(() => performance.now());
    const longTasks = await page.evaluate((t0) => window.__longTasks.map((t) => ({ start_ms: Math.round(t.start - t0), duration_ms: Math.round(t.duration) })), started);
    const phases = await page.evaluate(() => window.__phases);
    const rows = await page.$$eval('[data-testid=change-row]', (r) => r.length);
    const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
    console.log(JSON.stringify({
      run,
      click_to_verdict_ms: Math.round(rendered - started),
      phase_starts_ms: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v - started)])),
      change_rows: rows,
      long_tasks: longTasks.length,
      longest_task_ms: Math.max(0, ...longTasks.map((t) => t.duration_ms)),
      long_task_list: longTasks,
      js_heap_mb: heap && Math.round(heap / 1048576),
    }));
    await session.context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
