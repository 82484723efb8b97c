import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decryptWithLabel, encryptWithLabel } from 'ts-mls/crypto/hpke.js';
import { toHex, utf8 } from '../bytes.js';
import {
  activeCryptoBackend,
  generateX25519,
  randomBytes,
  setCryptoBackend,
  x25519PublicKey,
} from '../primitives/index.js';
import { mlsCiphersuite, SUPPORTED_MLS_CIPHERSUITES } from './noble-provider.js';

describe('MLS provider: HPKE key schedule reuse (psk_id_hash / info_hash memo, one secret extract)', () => {
  for (const backend of ['auto', 'js'] as const) {
    for (const suite of SUPPORTED_MLS_CIPHERSUITES) {
      it(`concurrent seals under interleaved infos each open with their own key only (${suite}, ${backend})`, async () => {
        setCryptoBackend(backend);
        try {
          const cs = await mlsCiphersuite(suite);
          const recipients = Array.from({ length: 24 }, () => generateX25519());
          // two group contexts interleaved, as when commits of two groups are built at once
          const contexts = [randomBytes(180), randomBytes(181)];
          const sealed = await Promise.all(
            recipients.map(async (r, i) => {
              const context = contexts[i % 2] as Uint8Array;
              const secret = randomBytes(32);
              const pk = await cs.hpke.importPublicKey(r.publicKey);
              const { ct, enc } = await encryptWithLabel(pk, 'UpdatePathNode', context, secret, cs.hpke);
              return { r, context, secret, ct, enc };
            }),
          );
          let opened = 0;
          for (const [i, s] of sealed.entries()) {
            const sk = await cs.hpke.importPrivateKey(s.r.secretKey);
            const pt = await decryptWithLabel(sk, 'UpdatePathNode', s.context, s.enc, s.ct, cs.hpke);
            assert.deepEqual(pt, s.secret, `recipient ${i} (${activeCryptoBackend()})`);
            opened++;
            const other = contexts[(i + 1) % 2] as Uint8Array;
            await assert.rejects(
              decryptWithLabel(sk, 'UpdatePathNode', other, s.enc, s.ct, cs.hpke),
              `recipient ${i}: the other group context must not open`,
            );
            const wrongKey = await cs.hpke.importPrivateKey(
              (sealed[(i + 1) % sealed.length] as (typeof sealed)[number]).r.secretKey,
            );
            await assert.rejects(
              decryptWithLabel(wrongKey, 'UpdatePathNode', s.context, s.enc, s.ct, cs.hpke),
              `recipient ${i}: another recipient's key must not open`,
            );
          }
          assert.equal(opened, recipients.length);
          // a label other than the memoised ones still goes through (Welcome path)
          const r = generateX25519();
          const w = await encryptWithLabel(
            await cs.hpke.importPublicKey(r.publicKey),
            'Welcome',
            utf8('gi'),
            utf8('joiner'),
            cs.hpke,
          );
          const back = await decryptWithLabel(
            await cs.hpke.importPrivateKey(r.secretKey),
            'Welcome',
            utf8('gi'),
            w.enc,
            w.ct,
            cs.hpke,
          );
          assert.deepEqual(back, utf8('joiner'));
        } finally {
          setCryptoBackend('auto');
        }
      });
    }
  }
});

describe('MLS provider: HPKE key generation', () => {
  // 'web' is what a browser runs: the platform's X25519 (WebCrypto) instead of noble's first base-point table
  for (const backend of ['web', 'auto', 'js'] as const) {
    it(`generateKeyPair gives raw 32-byte keys that match and seal/open (${backend})`, async () => {
      setCryptoBackend(backend);
      try {
        const cs = await mlsCiphersuite(SUPPORTED_MLS_CIPHERSUITES[0]);
        const seen = new Set<string>();
        for (let i = 0; i < 4; i++) {
          const { privateKey, publicKey } = await cs.hpke.generateKeyPair();
          const sk = await cs.hpke.exportPrivateKey(privateKey);
          const pk = await cs.hpke.exportPublicKey(publicKey);
          assert.equal(sk.length, 32);
          assert.deepEqual(pk, x25519PublicKey(sk), `key ${i}: the public key is the secret's`);
          seen.add(toHex(sk));
          const context = randomBytes(40);
          const secret = randomBytes(32);
          const { ct, enc } = await encryptWithLabel(publicKey, 'UpdatePathNode', context, secret, cs.hpke);
          const opened = await decryptWithLabel(
            await cs.hpke.importPrivateKey(sk),
            'UpdatePathNode',
            context,
            enc,
            ct,
            cs.hpke,
          );
          assert.deepEqual(opened, secret, `key ${i}`);
        }
        assert.equal(seen.size, 4, 'fresh keys');
      } finally {
        setCryptoBackend('auto');
      }
    });
  }
});
