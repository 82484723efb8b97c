import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildManifest, MANIFEST_PATH, manifestText } from '../scripts/manifest.mjs';

test('custom-elements.json is generated from the current JSDoc (run node widget/scripts/manifest.mjs)', () => {
  assert.equal(readFileSync(MANIFEST_PATH, 'utf8'), manifestText());
});

test('every component documents its tag, summary and parts; the chat documents its tokens and events', () => {
  const declarations = buildManifest().modules.flatMap((m) => m.declarations);
  assert.ok(declarations.length >= 7);
  for (const d of declarations) {
    assert.match(d.tagName ?? '', /^cryptalk-/, d.name);
    assert.ok(d.summary, `${d.name} has a @summary`);
    assert.ok(d.cssParts.length > 0, `${d.name} has @csspart tags`);
  }
  const chat = declarations.find((d) => d.tagName === 'cryptalk-chat');
  assert.deepEqual(
    chat?.events.map((e) => e.name),
    ['cryptalk-open', 'cryptalk-close', 'cryptalk-message', 'cryptalk-unread'],
  );
  assert.ok(chat?.cssProperties.every((p) => p.name.startsWith('--ct-') && p.default));
  assert.deepEqual(
    chat?.slots.map((s) => s.name),
    ['header', 'empty', 'launcher-icon'],
  );
  // an attribute read without a reactive property is documented with @attr
  const calls = chat?.attributes.find((a) => a.name === 'calls');
  assert.equal(calls?.type.text, 'boolean');
  assert.match(calls?.description ?? '', /camera and microphone/);
  for (const name of [
    'relay',
    'room',
    'mode',
    'placement',
    'persist',
    'position',
    'invite-base',
    'ignore-invites',
  ])
    assert.ok(
      chat?.attributes.some((a) => a.name === name),
      `the chat lists its ${name} attribute`,
    );
});
