import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import {
  BUDGETS,
  CALLS_FILE,
  CORE_FILE,
  ESCROW_FILE,
  LOADER_FILE,
  widgetScriptTagConfigs,
} from '../rollup.widget.mjs';

/** Builds every script-tag output once, in memory: file name → code. */
async function buildAll(): Promise<Record<string, string>> {
  const code: Record<string, string> = {};
  for (const config of widgetScriptTagConfigs()) {
    const bundle = await rollup({ ...config, onwarn: () => {} });
    const output = Array.isArray(config.output) ? config.output[0] : config.output;
    const { output: chunks } = await bundle.generate({ ...output, sourcemap: false });
    await bundle.close();
    const name = String(output?.file).split('/').at(-1) ?? '';
    code[name] = chunks.map((c) => (c.type === 'chunk' ? c.code : '')).join('');
  }
  return code;
}

/** Habit 14: every script-tag file stays within its gzip budget; the lazy chunks stay out of the core. */
test('every script-tag file stays within its gzip budget, and the calls and escrow chunks stay out of the chat core', async () => {
  const code = await buildAll();
  for (const [file, budget] of Object.entries(BUDGETS)) {
    const built = code[file];
    assert.ok(built !== undefined, `${file} has a budget and an output in widget/rollup.widget.mjs`);
    const size = gzipSync(built, { level: 9 }).length;
    assert.ok(size <= budget, `${file} is ${size} bytes gzip, over its budget of ${budget}`);
  }
  assert.ok(code[LOADER_FILE] && code[CORE_FILE], 'the loader and the core are built');

  const core = code[CORE_FILE] ?? '';
  const calls = code[CALLS_FILE] ?? '';
  const escrow = code[ESCROW_FILE] ?? '';
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
  assert.ok(escrow.includes('cryptalk-escrow-card'), 'the escrow chunk defines <cryptalk-escrow-card>');
  for (const marker of ['cryptalk-escrow-card', 'Accept and pay into escrow', 'CrypTalk Marketplace']) {
    assert.ok(!core.includes(marker), `the chat core must not contain escrow code (${marker})`);
  }
});
