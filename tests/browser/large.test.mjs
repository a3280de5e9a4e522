// Large inputs in the browser: a 50 MB Python file, and a tree of 100,000 tiny files. Both are
// generated here (not committed). They must be analysed completely, like in the CLI, with the
// peak memory (each worker's wasm memory and the page's JS heap) reported for the record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliJson, withLabels, download, pickAndAnalyse, workerMemory, jsHeap } from './harness.mjs';
import { useBrowser } from './setup.mjs';

const ctx = useBrowser();

test('a 50 MB Python file is analysed in the browser as in the CLI', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stability-50mb-'));
  for (const side of ['baseline', 'current']) mkdirSync(join(dir, side), { recursive: true });
  writeFileSync(join(dir, 'baseline', 'big.py'), 'def function_0(a):\n    return a\n');
  const lines = [];
  let size = 0;
  for (let index = 0; size < 50 << 20; index++) {
    const line = `def function_${index}(a, b=None, *args, key: int = 0, **kwargs):\n    return a\n\n`;
    lines.push(line);
    size += line.length;
  }
  writeFileSync(join(dir, 'current', 'big.py'), lines.join(''));
  const cli = cliJson(join(dir, 'baseline'), join(dir, 'current'));
  await ctx.withApp(async (page) => {
    await pickAndAnalyse(page, join(dir, 'baseline'), join(dir, 'current'), 600_000);
    const json = (await download(page, 'export-json')).text;
    const report = JSON.parse(json);
    assert.deepEqual(report.problems, []);
    assert.ok(report.api_changes.filter((c) => c.kind === 'object_added').length > 500_000, 'every function is found');
    assert.equal(json, withLabels(cli.json, report.baseline.label, report.current.label));
    t.diagnostic(`${report.api_changes.length} changes; peak wasm memory per worker ${(await workerMemory(page)).join(' + ')} MB, page JS heap ${await jsHeap(page)} MB`);
  });
});

test('100,000 tiny files are analysed in the browser', { timeout: 900_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stability-100k-'));
  mkdirSync(join(dir, 'baseline', 'pkg'), { recursive: true });
  writeFileSync(join(dir, 'baseline', 'pkg', '__init__.py'), '');
  for (let folder = 0; folder < 100; folder++) {
    const path = join(dir, 'current', 'pkg', `m${folder}`);
    mkdirSync(path, { recursive: true });
    for (let index = 0; index < 1000; index++) writeFileSync(join(path, `f${index}.py`), `X_${index} = ${index}\n`);
  }
  writeFileSync(join(dir, 'current', 'pkg', '__init__.py'), '');
  const started = Date.now();
  await ctx.withApp(async (page) => {
    await pickAndAnalyse(page, join(dir, 'baseline'), join(dir, 'current'), 600_000);
    const report = JSON.parse((await download(page, 'export-json')).text);
    assert.equal(report.current.files, 100_001);
    assert.equal(report.current.python_files, 100_001);
    assert.deepEqual(report.problems, []);
    t.diagnostic(`pick to report ${((Date.now() - started) / 1000).toFixed(1)} s; peak wasm memory per worker ${(await workerMemory(page)).join(' + ')} MB, page JS heap ${await jsHeap(page)} MB`);
  });
});
