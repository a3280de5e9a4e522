// Times the analysis of two folders in headless Chromium. The app starts reading and parsing a
// side as soon as it is picked, so two numbers matter and both are printed, per run:
//   click_to_report_ms     Analyze clicked right after the second folder is picked
//                          (the measure: work still in flight is waited for), until the
//                          report is painted — in the page's clock (click listener, mutation
//                          observer). first_report: it was a first report (files only the
//                          changed-files list and the problems read were still being read);
//                          click_to_all_files_compared_ms: until that is done too;
//                          click_to_report_via_playwright_ms: the same seen from Playwright, whose
//                          round trips wait for the page's busy thread;
//   pick_to_report_ms      from picking the first folder to the rendered report (all the work);
//   prefetched_click_ms    a second analysis where the click waits until both sides show
//                          "read and parsed" (what a reviewer who takes a moment sees).
// Also: when each phase showed, the main thread's long tasks (> 50 ms) after the click, the JS
// heap, and how long opening the first finding takes until its source and diff show. Playwright's own setInputFiles blocks the page ~1.5 s per Django tree; that is counted in
// pick_to_report_ms, as it would be the browser's file dialog.
//
// Usage: node bench/browser-timing.mjs BASELINE_DIR CURRENT_DIR [RUNS]   (needs dist/)
import { launch, openApp, workerMemory } from '../tests/browser/harness.mjs';

const [baseline, current, runs = '3'] = process.argv.slice(2);
if (!baseline || !current) {
  console.error('usage: node bench/browser-timing.mjs BASELINE_DIR CURRENT_DIR [RUNS]');
  process.exit(2);
}

async function instrument(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: false });
    window.__phases = {};
    // The click and the report's first paint as the page sees them: Playwright's own round trips
    // wait for the page's thread, which is busy reading the rest of the files.
    document.addEventListener('click', (event) => {
      if (event.target.closest?.('[data-testid=analyze]')) window.__phases.click ??= performance.now();
    }, true);
    new MutationObserver(() => {
      if (!window.__phases.verdict && document.querySelector('[data-testid=verdict]')) {
        window.__phases.verdict = performance.now();
        window.__phases.first_report = Boolean(document.querySelector('[data-testid=files-pending]'));
      }
      if (window.__phases.verdict && !window.__phases.all_files && !document.querySelector('[data-testid=files-pending]')) {
        window.__phases.all_files = performance.now();
      }
      const phase = document.querySelector('[data-testid=progress]')?.dataset.phase;
      if (phase && !(phase in window.__phases)) window.__phases[phase] = performance.now();
      for (const side of ['baseline', 'current']) {
        const ready = document.querySelector(`[data-testid=${side}-prepared]`)?.dataset.ready === 'true';
        if (ready && !window.__phases[`${side}-ready`]) window.__phases[`${side}-ready`] = performance.now();
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

async function pickBoth(page) {
  const picked = await page.evaluate(() => performance.now());
  await page.setInputFiles('[data-testid=baseline-files]', baseline);
  await page.setInputFiles('[data-testid=current-files]', current);
  await page.waitForSelector('[data-testid=analyze]:not([disabled])');
  return picked;
}

async function clickAndWait(page) {
  const clicked = await page.evaluate(() => performance.now());
  await page.click('[data-testid=analyze]');
  await page.waitForSelector('[data-testid=verdict]', { timeout: 120_000 });
  const rendered = await page.evaluate(() => performance.now());
  await page.waitForFunction(() =>
    document.querySelector('[data-testid=verdict]') && !document.querySelector('[data-testid=changes][data-complete=false]'));
  const complete = await page.evaluate(() => performance.now());
  await page.waitForSelector('[data-testid=files-pending]', { state: 'detached', timeout: 120_000 });
  const p = await page.evaluate(() => window.__phases);
  return {
    clicked, rendered, complete,
    // In the page's clock: click → the report painted, and → every file compared.
    inPage: Math.round(p.verdict - p.click),
    allFiles: Math.round(p.all_files - p.click),
    first: p.first_report,
  };
}

const { server, browser } = await launch();
try {
  for (let run = 1; run <= Number(runs); run++) {
    const session = await openApp(browser, server);
    const { page } = session;
    // From navigation start to the app rendered with its workers ready to analyse.
    const loaded = await page.evaluate(() => performance.now());
    const firstRender = await page.evaluate(() => window.__firstRender);
    await instrument(page);
    const picked = await pickBoth(page);
    const { clicked, rendered, first, allFiles, inPage } = await clickAndWait(page);
    const phases = await page.evaluate(() => window.__phases);
    const longTasks = await page.evaluate(
      (t0) => window.__longTasks.filter((t) => t.start >= t0).map((t) => Math.round(t.duration)),
      clicked,
    );
    const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
    const rows = await page.$$eval('[data-testid=change-row]', (r) => r.length);
    const wasm = await workerMemory(page);
    await session.context.close();

    // The same pair again, clicking only once both sides are read and parsed.
    const second = await openApp(browser, server);
    await instrument(second.page);
    await pickBoth(second.page);
    await second.page.waitForSelector('[data-testid=baseline-prepared][data-ready=true]', { timeout: 120_000 });
    await second.page.waitForSelector('[data-testid=current-prepared][data-ready=true]', { timeout: 120_000 });
    const prefetched = await clickAndWait(second.page);
    // A reviewer opens a finding: the row's explanation with its source and the file's diff.
    const evidence = await second.page.evaluate(async () => {
      const button = document.querySelector('[data-testid=change-row] button.disclosure');
      if (!button) return null;
      const start = performance.now();
      button.click();
      await new Promise((resolve) => {
        const check = () => (document.querySelector('[data-testid=evidence]:not([data-state=loading])') ? resolve() : setTimeout(check, 1));
        check();
      });
      return performance.now() - start;
    });
    await second.context.close();

    console.log(JSON.stringify({
      run,
      click_to_report_ms: inPage,
      first_report: first,
      click_to_all_files_compared_ms: allFiles,
      click_to_report_via_playwright_ms: Math.round(rendered - clicked),
      pick_to_report_ms: Math.round(rendered - picked),
      prefetched_click_ms: prefetched.inPage,
      all_rows_rendered_ms: Math.round(prefetched.complete - prefetched.clicked),
      open_finding_with_source_ms: evidence && Math.round(evidence),
      since_click_ms: Object.fromEntries(Object.entries(phases)
        .filter(([, v]) => typeof v === 'number').map(([k, v]) => [k, Math.round(v - phases.click)])),
      change_rows: rows,
      long_tasks_after_click: longTasks,
      first_render_ms: Math.round(firstRender),
      load_to_ready_ms: Math.round(loaded),
      js_heap_mb: heap && Math.round(heap / 1048576),
      worker_wasm_mb: wasm,
    }));
  }
} finally {
  await browser.close();
  await server.close();
}
