import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { BUDGETS, CORE_FILE, widgetScriptTagConfigs } from '../../rollup.widget.mjs';
import { ESCROW_FILE } from './load-escrow.js';

async function build(file: string): Promise<string> {
  const config = widgetScriptTagConfigs().find((c) => {
    const out = Array.isArray(c.output) ? c.output[0] : c.output;
    return String(out?.file).endsWith(`/${file}`);
  });
  assert.ok(config, `widget/rollup.widget.mjs has an output for ${file}`);
  const bundle = await rollup({ ...config, onwarn: () => {} });
  const output = Array.isArray(config.output) ? config.output[0] : config.output;
  const { output: chunks } = await bundle.generate({ ...output, sourcemap: false });
  await bundle.close();
  return chunks.map((c) => (c.type === 'chunk' ? c.code : '')).join('');
}

/** Habit 14: the lazily loaded escrow chunk has its own budget, and the chat core carries none of it. */
test('the escrow chunk stays within its gzip budget and the chat core does not contain it', async () => {
  const [escrow, core] = await Promise.all([build(ESCROW_FILE), build(CORE_FILE)]);
  const size = gzipSync(escrow, { level: 9 }).length;
  const budget = BUDGETS[ESCROW_FILE];
  assert.ok(budget !== undefined, `${ESCROW_FILE} has a budget in BUDGETS`);
  assert.ok(size <= budget, `${ESCROW_FILE} is ${size} bytes gzip, over its budget of ${budget}`);
  assert.ok(escrow.includes('cryptalk-escrow-card'), 'the escrow chunk defines <cryptalk-escrow-card>');
  for (const marker of ['cryptalk-escrow-card', 'Accept and pay into escrow', 'CrypTalk Marketplace']) {
    assert.ok(!core.includes(marker), `the chat core must not contain escrow code (${marker})`);
  }
});
