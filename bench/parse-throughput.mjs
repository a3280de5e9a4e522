// Parse throughput of the wasm parser (in a web worker of the built app) against the native one,
// on the same Python files. Usage: node bench/parse-throughput.mjs DIR   (needs dist/ and
// `cargo build --release --example parse_throughput`)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, launch, openApp } from '../tests/browser/harness.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/parse-throughput.mjs DIR');
  process.exit(2);
}
function* pythonFiles(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    const stat = statSync(path);
    if (stat.isDirectory()) yield* pythonFiles(path);
    else if (name.endsWith('.py')) yield path;
  }
}
const sources = [...pythonFiles(dir)].map((path) => readFileSync(path, 'utf8'));
const bytes = sources.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
const native = JSON.parse(execFileSync(join(ROOT, 'target/release/examples/parse_throughput'), [dir], { encoding: 'utf8' }));
const { server, browser } = await launch();
try {
  const session = await openApp(browser, server);
  const worker = session.page.workers()[0];
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    best = Math.min(best, await worker.evaluate((s) => wasm_bindgen.stability_lens_parse_ms(s), sources));
  }
  const nativeRate = native.bytes / 1e6 / (native.ms / 1000);
  const wasmRate = bytes / 1e6 / (best / 1000);
  console.log(JSON.stringify({
    files: sources.length,
    mb: +(bytes / 1e6).toFixed(1),
    native_ms: native.ms,
    wasm_ms: Math.round(best),
    native_mb_s: +nativeRate.toFixed(1),
    wasm_mb_s: +wasmRate.toFixed(1),
    wasm_vs_native: +(wasmRate / nativeRate).toFixed(2),
  }));
} finally {
  await browser.close();
  await server.close();
}
