import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ar } from './ar.js';
import { de } from './de.js';
import {
  availableLocales,
  en,
  launcherStringsFor,
  loadTranslation,
  registerTranslation,
  translationFor,
  translationReady,
} from './index.js';
import { ja } from './ja.js';

test('every locale has every key of the English table, and none extra', () => {
  const keys = Object.keys(en).sort();
  for (const t of [de, ar, ja]) assert.deepEqual(Object.keys(t).sort(), keys, t.$code);
});

test('Arabic is right to left; the others left to right', () => {
  assert.equal(ar.$dir, 'rtl');
  for (const t of [en, de, ja]) assert.equal(t.$dir, 'ltr');
});

test('English is built in; another shipped locale is English until loaded, then itself', async () => {
  assert.equal(translationReady('en-US'), true);
  assert.equal(translationReady('de-AT'), false);
  assert.equal(translationFor('de-AT').$code, 'en', 'not loaded yet: English');
  const [first, second] = [loadTranslation('de-AT'), loadTranslation('de')];
  assert.equal((await first).$code, 'de');
  assert.equal(await second, de, 'one table, loaded once');
  assert.equal(translationReady('de-AT'), true);
  assert.equal(translationFor('de-AT'), de);
  assert.equal((await loadTranslation('xx')).$code, 'en', 'an unknown locale needs nothing and is English');
});

test('a table registered while the shipped one loads wins over it', async () => {
  const load = loadTranslation('ja');
  const mine = { ...en, $code: 'ja', $name: '日本語 (mine)' };
  registerTranslation(mine);
  assert.equal(await load, mine);
  assert.equal(translationFor('ja-JP'), mine);
});

test('locales resolve by exact code, then language, then English', async () => {
  await loadTranslation('ar');
  assert.equal(translationFor('de-AT').$code, 'de');
  assert.equal(translationFor('AR').$code, 'ar');
  assert.equal(translationFor('xx').$code, 'en');
  assert.equal(launcherStringsFor('ja-JP').openChat, ja.openChat);
  assert.deepEqual(availableLocales().sort(), ['ar', 'de', 'en', 'ja']);
});

test('plural and list strings', () => {
  assert.equal(en.unread(1), '1 unread message');
  assert.equal(en.unread(3), '3 unread messages');
  assert.equal(de.typing(['Bo']), 'Bo schreibt…');
  assert.equal(en.timer(86_400), '1 d');
});

test('a burst is announced as new messages, in its own string rather than the unread count', () => {
  assert.equal(en.newMessages(1), '1 new message');
  assert.equal(en.newMessages(12), '12 new messages');
  assert.equal(de.newMessages(1), '1 neue Nachricht');
  assert.equal(de.newMessages(12), '12 neue Nachrichten');
  assert.equal(ja.newMessages(12), '新着メッセージ 12 件');
  assert.equal(ar.newMessages(1), 'رسالة جديدة واحدة');
  assert.equal(ar.newMessages(2), 'رسالتان جديدتان');
  assert.equal(ar.newMessages(5), '5 رسائل جديدة');
  assert.equal(ar.newMessages(12), '12 رسالة جديدة');
  for (const t of [en, de, ar, ja]) {
    assert.notEqual(t.newMessages(12), t.unread(12), `${t.$code}: not the unread string`);
    assert.match(t.newMessages(12), /12/, `${t.$code}: names the count`);
  }
});
