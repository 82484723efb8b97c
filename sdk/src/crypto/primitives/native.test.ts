import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { build } from 'esbuild';
import { REPO_ROOT } from '../test-vectors.js';
import * as native from './native.js';
import {
  activeCryptoBackend,
  CRYPTO_BACKEND_ENV,
  cryptoBackendChoice,
  nativeCryptoAvailable,
  setCryptoBackend,
} from './native.js';
import * as browser from './native-browser.js';

describe('crypto backend selection', () => {
  after(() => setCryptoBackend('auto'));

  it('Node offers the native backend and it is the default (unless CRYPTALK_CRYPTO=js)', () => {
    assert.ok(nativeCryptoAvailable(), 'node:crypto through process.getBuiltinModule is missing');
    if (process.env[CRYPTO_BACKEND_ENV] === undefined) assert.equal(activeCryptoBackend(), 'native');
  });

  it('setCryptoBackend switches between auto, js and web and refuses anything else', () => {
    assert.equal(setCryptoBackend('js'), 'js');
    assert.equal(cryptoBackendChoice(), 'js');
    assert.equal(setCryptoBackend('web'), 'js');
    assert.equal(cryptoBackendChoice(), 'web');
    assert.equal(setCryptoBackend('auto'), 'native');
    assert.throws(() => setCryptoBackend('openssl' as 'auto'), TypeError);
  });

  it('a browser bundle of the crypto core needs no Node built-in', async () => {
    const out = await build({
      entryPoints: [`${REPO_ROOT}/sdk/src/crypto/index.ts`],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      conditions: ['source'],
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    const inputs = Object.keys(out.metafile.inputs);
    assert.ok(
      inputs.some((p) => p.endsWith('primitives/native.ts')),
      'native.ts is part of the bundle',
    );
    assert.deepEqual(
      inputs.filter((p) => p.startsWith('node:') || /(^|\/)crypto$/.test(p)),
      [],
      'no Node built-in in the bundle',
    );
    const js = out.outputFiles[0]?.text ?? '';
    assert.doesNotMatch(js, /\bimport\b[^;]*["']node:crypto["']|require\(["'](node:)?crypto["']\)/);
  });
});

describe('the browser build of the native backend (native-browser.ts, swapped in by the widget build)', () => {
  it('exports the same names as native.ts', () => {
    assert.deepEqual(Object.keys(browser).sort(), Object.keys(native).sort());
    assert.equal(browser.CRYPTO_BACKEND_ENV, CRYPTO_BACKEND_ENV);
  });

  it('is never active, keeps the choice as native.ts does and refuses a bad one', () => {
    assert.equal(browser.nativeCryptoAvailable(), false);
    assert.equal(browser.nativeActive(), false);
    assert.equal(browser.activeCryptoBackend(), 'js');
    assert.equal(browser.cryptoBackendChoice(), 'auto');
    for (const choice of ['js', 'web', 'auto'] as const) {
      assert.equal(browser.setCryptoBackend(choice), 'js');
      assert.equal(browser.cryptoBackendChoice(), choice);
      assert.equal(browser.nativeActive(), false);
    }
    assert.throws(() => browser.setCryptoBackend('openssl' as 'auto'), TypeError);
    assert.equal(browser.cryptoBackendChoice(), 'auto', 'a refused choice changes nothing');
  });

  it('its native operations throw if a caller ever skipped the nativeActive() check', () => {
    assert.throws(() => browser.nativeSha256(new Uint8Array(1)), /not part of the browser build/);
    assert.throws(() => browser.nativeX25519Generate(), /not part of the browser build/);
  });
});
