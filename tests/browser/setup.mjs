// The set-up every browser test file shares: one server and one Chromium for the file, closed
// after it, and `withApp` bound to them (see harness.mjs). Kept apart from harness.mjs because
// it registers node:test hooks, which the benchmark scripts that use the harness must not.
import { before, after } from 'node:test';
import { launch, withApp } from './harness.mjs';

/**
 * Registers the hooks; the returned object's `browser` and `server` are set once they run.
 * `prepare(shared)`, if given, runs right after the launch, in the same hook.
 */
export function useBrowser(prepare) {
  const shared = {};
  before(async () => {
    Object.assign(shared, await launch());
    await prepare?.(shared);
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  shared.withApp = (body, url, options) => withApp(shared.browser, shared.server, body, url, options);
  return shared;
}
