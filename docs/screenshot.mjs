// Renders the README screenshot: the sample pair analysed in the built app (dist/).
// Usage: node docs/screenshot.mjs [OUT.png]   (needs dist/ and Chromium, see scripts/test.sh)
import { launch, openApp } from '../tests/browser/harness.mjs';

const out = process.argv[2] ?? 'docs/screenshot.png';
const { server, browser } = await launch();
try {
  const session = await openApp(browser, server);
  const { page } = session;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.click('[data-testid=sample]');
  await page.waitForSelector('[data-testid=verdict]');
  await page.click('[data-testid=change-row][data-kind=parameter_added_required]');
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
  await session.context.close();
} finally {
  await browser.close();
  await server.close();
}
