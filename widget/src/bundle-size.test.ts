import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { BUDGETS, CORE_FILE, LOADER_FILE, WORKER_FILE, widgetScriptTagConfigs } from '../rollup.widget.mjs';

/** Builds the script-tag files in memory and checks each against its gzip budget (habit 14). */
test('the loader, the chat core and the SDK Worker stay within their gzip budgets', async () => {
  const sizes: Record<string, number> = {};
  for (const config of widgetScriptTagConfigs()) {
    const bundle = await rollup({ ...config, onwarn: () => {} });
    const output = Array.isArray(config.output) ? config.output[0] : config.output;
    const { output: chunks } = await bundle.generate({ ...output, sourcemap: false });
    await bundle.close();
    const name = String(output?.file).split('/').at(-1) ?? '';
    const code = chunks.map((c) => (c.type === 'chunk' ? c.code : '')).join('');
    sizes[name] = gzipSync(code, { level: 9 }).length;
  }
  for (const file of [LOADER_FILE, CORE_FILE, WORKER_FILE]) {
    const size = sizes[file];
    const budget = BUDGETS[file];
    assert.ok(size !== undefined && budget !== undefined, `${file} was built and has a budget`);
    assert.ok(size <= budget, `${file} is ${size} bytes gzip, over its budget of ${budget}`);
  }
  // The loader must not contain Lit or the SDK: that is what keeps it tiny.
  assert.ok((sizes[LOADER_FILE] ?? 0) < 6 * 1024);
});
