import assert from 'node:assert/strict';
import { test } from 'node:test';

test('importing @cryptalk/widget in Node (SSR) registers no element and needs no window or document', async () => {
  const mod = await import('@cryptalk/widget');
  assert.equal(typeof mod.CryptalkChat, 'function');
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  // Lit's Node build provides a shim registry; importing the package must not have defined anything in it.
  const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements;
  assert.equal(registry?.get('cryptalk-chat'), undefined);
});
