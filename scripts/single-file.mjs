// Writes dist/stability-lens.html: the whole app as one file that works opened from disk
// (file://) with no server — for a reviewer handed the tool on an air-gapped laptop.
//
// A page opened from disk has an opaque origin: the browser refuses its module scripts, workers
// and wasm fetched by address. So nothing is fetched by address. Every part of the build (the
// app's JS and its snippets, both wasm binaries, the worker's JS) is stored in the file
// gzip-compressed and base64-encoded in a `<script type="application/gzip">` the browser does not
// run; a small inline loader decompresses them (DecompressionStream), makes each a blob URL, points
// the app's imports at them, names the worker's blob in `globalThis.STABILITY_LENS_WORKER_URL`
// (read by src/ui/bridge.rs) and starts the app as trunk's own loader would. The styles are
// inline. The sample is inside the worker's wasm, as in the served build.
//
// Its Content-Security-Policy allows scripts from the loader's hash and blob: URLs only, no
// connections but to blob: URLs (the worker reading its wasm), so the page makes no request at
// all, whatever a bug might try.
//
// Written by hand: bundlers (esbuild, rollup) inline JS but not wasm-bindgen's two wasm targets
// and a worker made at run time; the whole job is these few string edits.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Writes `dir/stability-lens.html` from trunk's output in `dir`; returns its size in bytes. */
export function writeSingleFile(dir) {
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  const found = (pattern, what) => {
    const match = index.match(pattern);
    if (!match) throw new Error(`single-file: no ${what} in index.html`);
    return match[1];
  };
  const css = found(/<link rel="stylesheet" href="\.\/([^"]+\.css)"/, 'stylesheet');
  const appJs = found(/import init, \* as bindings from '\.\/([^']+\.js)'/, 'app module');
  const appWasm = found(/module_or_path: '\.\/([^']+\.wasm)'/, 'app wasm');

  const assets = {};
  const store = (name, bytes) => {
    assets[name] = gzipSync(bytes, { level: 9 }).toString('base64');
  };
  const appText = readFileSync(join(dir, appJs), 'utf8');
  // The app's imports of its snippets (inline_js): each becomes a blob URL at load.
  const snippets = [...new Set([...appText.matchAll(/from\s+(['"])\.\/(snippets\/[^'"]+\.js)\1/g)].map((m) => m[2]))];
  for (const snippet of snippets) store(snippet, readFileSync(join(dir, snippet)));
  store('app.js', appText);
  store('app.wasm', readFileSync(join(dir, appWasm)));
  store('worker.js', readFileSync(join(dir, 'worker.js')));
  store('worker.wasm', readFileSync(join(dir, 'worker_bg.wasm')));

  const loader = `
const unpack = (base64) => {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
};
const read = (name) => unpack(document.getElementById('asset:' + name).textContent);
const url = (parts, type) => URL.createObjectURL(new Blob(parts, { type }));
const text = async (name) => new TextDecoder().decode(await read(name));
const SNIPPETS = ${JSON.stringify(snippets)};
let app = await text('app.js');
for (const snippet of SNIPPETS) {
  // Only where it is imported from: the same string also names the wasm's import namespace.
  const blob = url([await text(snippet)], 'text/javascript');
  for (const quote of ['"', "'"]) {
    app = app.split('from ' + quote + './' + snippet + quote).join('from ' + quote + blob + quote);
  }
}
// A worker cannot fetch the page's blob URLs from disk: it gets its wasm inside its script.
globalThis.STABILITY_LENS_WORKER_URL = url([await text('worker.js'),
  '\\nconst unpack = ' + unpack.toString() + ';\\nwasm_bindgen({ module_or_path: unpack(' +
  JSON.stringify(document.getElementById('asset:worker.wasm').textContent) + ') });\\n'], 'text/javascript');
const bindings = await import(url([app], 'text/javascript'));
const wasm = await bindings.default({ module_or_path: await read('app.wasm') });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
`;
  const style = readFileSync(join(dir, css), 'utf8');
  const hash = (body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
  const policy = [
    "default-src 'none'",
    `script-src ${hash(loader)} blob: 'wasm-unsafe-eval'`,
    'worker-src blob:',
    'connect-src blob:',
    `style-src ${hash(style)}`,
    'img-src data:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  // The head trunk wrote, less what loads by address: its scripts, preloads and stylesheet.
  const head = index
    .slice(index.indexOf('<head>') + '<head>'.length, index.indexOf('</head>'))
    .replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<link rel="(?:stylesheet|modulepreload|preload)"[^>]*>/g, '')
    .replace(/<meta charset="utf-8" \/>/, (charset) => `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`)
    .trimEnd();
  if (style.includes('</style')) throw new Error('single-file: the stylesheet closes its own <style>');
  const stored = Object.entries(assets)
    .map(([name, data]) => `<script type="application/gzip" id="asset:${name}">${data}</script>`)
    .join('\n');
  const body = index.slice(index.indexOf('<body>'), index.indexOf('</html>'));
  const html = `<!doctype html>
<!-- Stability Lens as one file: open it from disk, no server needed (scripts/single-file.mjs). -->
<html lang="en">
  <head>${head}
    <style>${style}</style>
${stored}
    <script type="module">${loader}</script>
  </head>
  ${body}</html>
`;
  const out = join(dir, 'stability-lens.html');
  writeFileSync(out, html);
  return Buffer.byteLength(html);
}

// Run alone: node scripts/single-file.mjs DIR
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  console.log(`single-file: ${dir}/stability-lens.html, ${writeSingleFile(dir)} bytes`);
}
