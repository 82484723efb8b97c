import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { BUDGETS, CORE_FILE, widgetScriptTagConfigs } from '../../rollup.widget.mjs';
import { CALLS_FILE } from './load-calls.js';

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

/** Habit 14: the lazily loaded calls chunk has its own budget, and the chat core carries none of it. */
test('the calls chunk stays within its gzip budget, defines the calls UI, and the chat core does not contain it', async () => {
  const [calls, core] = await Promise.all([build(CALLS_FILE), build(CORE_FILE)]);
  const size = gzipSync(calls, { level: 9 }).length;
  const budget = BUDGETS[CALLS_FILE];
  assert.ok(budget !== undefined, `${CALLS_FILE} has a budget in BUDGETS`);
  assert.ok(size <= budget, `${CALLS_FILE} is ${size} bytes gzip, over its budget of ${budget}`);
  for (const tag of [
    'cryptalk-call-view',
    'cryptalk-incoming-call',
    'cryptalk-call-button',
    'cryptalk-device-picker',
  ]) {
    assert.ok(calls.includes(`"${tag}"`) || calls.includes(`'${tag}'`), `the calls chunk defines <${tag}>`);
    assert.ok(!core.includes(tag), `the chat core must not contain calls code (${tag})`);
  }
  for (const marker of ['Start video call', 'Hang up', 'Mute microphone']) {
    assert.ok(calls.includes(marker), `the calls chunk carries its strings (${marker})`);
    assert.ok(!core.includes(marker), `the chat core must not contain calls strings (${marker})`);
  }
});
