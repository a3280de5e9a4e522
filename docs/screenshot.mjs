// Renders the README's screenshots in the built app (dist/):
//   docs/screenshot.png          the sample pair, an explanation opened (full page)
//   docs/report-flask-light.png  flask 2.3.3 → 3.0.3 from the corpus, light theme
//   docs/report-flask-dark.png   the same, dark theme
//   docs/evidence-flask.png      the first flask finding opened: its evidence and the file diff
//   docs/report-flask-narrow.png the same report on a 360 px wide screen
//   docs/repository-flask.png    flask's release history as a repository folder: v2.3.3..working tree
// Usage: node docs/screenshot.mjs   (needs dist/, Chromium and the corpus, see scripts/test.sh)
import { join } from 'node:path';
import { CORPUS, launch, openApp } from '../tests/browser/harness.mjs';

const { server, browser } = await launch();
try {
  const session = await openApp(browser, server);
  const { page } = session;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=section-recommendations]');
  await page.click('[data-testid=change-row][data-kind=parameter_added_required]');
  await page.waitForSelector('[data-testid=evidence][data-state=ready]');
  await page.screenshot({ path: 'docs/screenshot.png', fullPage: true });
  console.log('wrote docs/screenshot.png');
  await session.context.close();

  for (const scheme of ['light', 'dark']) {
    const flask = await openApp(browser, server);
    await flask.page.emulateMedia({ colorScheme: scheme });
    await flask.page.setViewportSize({ width: 1280, height: 1700 });
    await flask.page.setInputFiles('[data-testid=baseline-files]', join(CORPUS, 'flask/2.3.3'));
    await flask.page.setInputFiles('[data-testid=current-files]', join(CORPUS, 'flask/3.0.3'));
    await flask.page.waitForSelector('[data-testid=analyze]:not([disabled])');
    await flask.page.click('[data-testid=analyze]');
    await flask.page.waitForSelector('[data-testid=section-recommendations]', { timeout: 60_000 });
    await flask.page.click('[data-testid=change-row] >> nth=0');
    await flask.page.waitForSelector('[data-testid=evidence][data-state=ready]');
    const out = `docs/report-flask-${scheme}.png`;
    await flask.page.screenshot({ path: out });
    console.log(`wrote ${out}`);
    if (scheme === 'light') {
      // The evidence of a finding: both sides at its line, and the file's diff opened.
      await flask.page.click('[data-testid=file-diff] summary');
      await (await flask.page.$('.explanation')).screenshot({ path: 'docs/evidence-flask.png' });
      console.log('wrote docs/evidence-flask.png');
    }
    await flask.context.close();
  }
  const narrow = await openApp(browser, server);
  await narrow.page.setViewportSize({ width: 360, height: 1400 });
  await narrow.page.setInputFiles('[data-testid=baseline-files]', join(CORPUS, 'flask/2.3.3'));
  await narrow.page.setInputFiles('[data-testid=current-files]', join(CORPUS, 'flask/3.0.3'));
  await narrow.page.waitForSelector('[data-testid=analyze]:not([disabled])');
  await narrow.page.click('[data-testid=analyze]');
  await narrow.page.waitForSelector('[data-testid=section-recommendations]', { timeout: 60_000 });
  await narrow.page.evaluate(() => document.querySelector('[data-testid=section-summary]').scrollIntoView());
  await narrow.page.screenshot({ path: 'docs/report-flask-narrow.png' });
  console.log('wrote docs/report-flask-narrow.png');
  await narrow.context.close();
  const checkout = await openApp(browser, server);
  await checkout.page.setViewportSize({ width: 1280, height: 1200 });
  await checkout.page.click('[data-testid=mode-repository]');
  await checkout.page.setInputFiles('[data-testid=repository-files]', join(CORPUS, 'repos/flask'));
  await checkout.page.waitForSelector('[data-testid=bundle-picked]');
  await checkout.page.fill('[data-testid=baseline-ref]', 'v2.3.3');
  await checkout.page.waitForSelector('[data-testid=commit-row]');
  await checkout.page.click('[data-testid=analyze]');
  await checkout.page.waitForSelector('[data-testid=section-recommendations]', { timeout: 60_000 });
  await checkout.page.evaluate(() => window.scrollTo(0, 0));
  await checkout.page.screenshot({ path: 'docs/repository-flask.png' });
  console.log('wrote docs/repository-flask.png');
  await checkout.context.close();
} finally {
  await browser.close();
  await server.close();
}
