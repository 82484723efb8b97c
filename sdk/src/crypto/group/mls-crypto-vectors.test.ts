import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type CiphersuiteId, getCiphersuiteFromId } from 'ts-mls/crypto/ciphersuite.js';
import { refhash } from 'ts-mls/crypto/hash.js';
import { decryptWithLabel, encryptWithLabel } from 'ts-mls/crypto/hpke.js';
import { deriveSecret, deriveTreeSecret, expandWithLabel } from 'ts-mls/crypto/kdf.js';
import { signWithLabel, verifyWithLabel } from 'ts-mls/crypto/signature.js';
import { fromHex, toHex } from '../bytes.js';
import { loadVectorFile, REPO_ROOT } from '../test-vectors.js';
import { cryptalkMlsProvider, SUPPORTED_MLS_CIPHERSUITES } from './noble-provider.js';

const SUPPORTED_IDS = new Set([1, 3]);

interface CryptoBasics {
  cipher_suite: number;
  ref_hash: { label: string; value: string; out: string };
  expand_with_label: { secret: string; label: string; context: string; length: number; out: string };
  derive_secret: { secret: string; label: string; out: string };
  derive_tree_secret: { secret: string; label: string; generation: number; length: number; out: string };
  sign_with_label: { priv: string; pub: string; content: string; label: string; signature: string };
  encrypt_with_label: {
    priv: string;
    pub: string;
    label: string;
    context: string;
    plaintext: string;
    kem_output: string;
    ciphertext: string;
  };
}

async function impl(id: number) {
  return cryptalkMlsProvider.getCiphersuiteImpl(getCiphersuiteFromId(id as CiphersuiteId));
}

describe('MLS interop vectors: crypto-basics through the noble provider', () => {
  it('ts-mls and the SDK share one copy of each @noble package (root overrides)', () => {
    const fromSdk = createRequire(path.join(REPO_ROOT, 'sdk/package.json'));
    const fromTsMls = createRequire(fromSdk.resolve('ts-mls'));
    for (const pkg of ['@noble/curves', '@noble/ciphers', '@noble/hashes']) {
      const ours = fromSdk.resolve(`${pkg}/utils.js`);
      const theirs = fromTsMls.resolve(`${pkg}/utils.js`);
      assert.equal(theirs, ours, `${pkg} resolves to one copy`);
      const version = JSON.parse(readFileSync(path.join(path.dirname(ours), 'package.json'), 'utf8')).version;
      assert.equal(version, '2.4.0', pkg);
    }
  });

  it('supports the two X25519/Ed25519 suites', () => {
    assert.deepEqual([...SUPPORTED_MLS_CIPHERSUITES].sort(), [
      'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519',
      'MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519',
    ]);
  });

  it('every case of the supported ciphersuites', async () => {
    const all = loadVectorFile<CryptoBasics[]>('mls/crypto-basics.json');
    let ran = 0;
    for (const v of all) {
      if (!SUPPORTED_IDS.has(v.cipher_suite)) continue;
      ran++;
      const cs = await impl(v.cipher_suite);
      const id = `suite ${v.cipher_suite}`;
      const r = v.ref_hash;
      assert.equal(toHex(await refhash(r.label, fromHex(r.value), cs.hash)), r.out, `${id} ref_hash`);
      const e = v.expand_with_label;
      assert.equal(
        toHex(await expandWithLabel(fromHex(e.secret), e.label, fromHex(e.context), e.length, cs.kdf)),
        e.out,
        `${id} expand_with_label`,
      );
      const d = v.derive_secret;
      assert.equal(
        toHex(await deriveSecret(fromHex(d.secret), d.label, cs.kdf)),
        d.out,
        `${id} derive_secret`,
      );
      const t = v.derive_tree_secret;
      assert.equal(
        toHex(await deriveTreeSecret(fromHex(t.secret), t.label, t.generation, t.length, cs.kdf)),
        t.out,
        `${id} derive_tree_secret`,
      );
      const s = v.sign_with_label;
      assert.ok(
        await verifyWithLabel(
          fromHex(s.pub),
          s.label,
          fromHex(s.content),
          fromHex(s.signature),
          cs.signature,
        ),
        `${id} verify`,
      );
      const mine = await signWithLabel(fromHex(s.priv), s.label, fromHex(s.content), cs.signature);
      assert.ok(
        await verifyWithLabel(fromHex(s.pub), s.label, fromHex(s.content), mine, cs.signature),
        `${id} sign`,
      );
      const x = v.encrypt_with_label;
      const priv = await cs.hpke.importPrivateKey(fromHex(x.priv));
      const pub = await cs.hpke.importPublicKey(fromHex(x.pub));
      const pt = await decryptWithLabel(
        priv,
        x.label,
        fromHex(x.context),
        fromHex(x.kem_output),
        fromHex(x.ciphertext),
        cs.hpke,
      );
      assert.equal(toHex(pt), x.plaintext, `${id} decrypt_with_label`);
      const again = await encryptWithLabel(pub, x.label, fromHex(x.context), fromHex(x.plaintext), cs.hpke);
      const pt2 = await decryptWithLabel(priv, x.label, fromHex(x.context), again.enc, again.ct, cs.hpke);
      assert.equal(toHex(pt2), x.plaintext, `${id} encrypt_with_label`);
    }
    assert.equal(ran, 2);
  });
});
