import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMlsMessage } from 'ts-mls';
import { type CiphersuiteId, getCiphersuiteFromId } from 'ts-mls/crypto/ciphersuite.js';
import { verifyGroupInfoConfirmationTag, verifyGroupInfoSignature } from 'ts-mls/groupInfo.js';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { decryptGroupInfo, decryptGroupSecrets } from 'ts-mls/welcome.js';
import { fromHex } from '../bytes.js';
import { loadVectorFile } from '../test-vectors.js';
import { cryptalkMlsProvider } from './noble-provider.js';

const SUPPORTED_IDS = new Set([1, 3]);
const impl = (id: number) =>
  cryptalkMlsProvider.getCiphersuiteImpl(getCiphersuiteFromId(id as CiphersuiteId));

interface WelcomeVector {
  cipher_suite: number;
  init_priv: string;
  signer_pub: string;
  key_package: string;
  welcome: string;
}

describe('MLS interop vectors: welcome', () => {
  it('decrypts every Welcome of the supported ciphersuites and verifies signature and confirmation tag', async () => {
    const all = loadVectorFile<WelcomeVector[]>('mls/welcome.json');
    let ran = 0;
    for (const v of all) {
      if (!SUPPORTED_IDS.has(v.cipher_suite)) continue;
      ran++;
      const id = `suite ${v.cipher_suite}`;
      const cs = await impl(v.cipher_suite);
      const kp = decodeMlsMessage(fromHex(v.key_package), 0)?.[0];
      const w = decodeMlsMessage(fromHex(v.welcome), 0)?.[0];
      assert.ok(kp?.wireformat === 'mls_key_package' && w?.wireformat === 'mls_welcome', id);
      if (kp?.wireformat !== 'mls_key_package' || w?.wireformat !== 'mls_welcome') continue;
      const ref = await makeKeyPackageRef(kp.keyPackage, cs.hash);
      const initKey = await cs.hpke.importPrivateKey(fromHex(v.init_priv));
      const secrets = await decryptGroupSecrets(initKey, ref, w.welcome, cs.hpke);
      assert.ok(secrets, `${id} group secrets`);
      const psk = new Uint8Array(32);
      const gi = await decryptGroupInfo(w.welcome, secrets.joinerSecret, psk, cs);
      assert.ok(gi, `${id} group info`);
      assert.ok(await verifyGroupInfoSignature(gi, fromHex(v.signer_pub), cs.signature), `${id} signature`);
      assert.ok(
        await verifyGroupInfoConfirmationTag(gi, secrets.joinerSecret, psk, cs),
        `${id} confirmation tag`,
      );
      // and a wrong signer is refused
      assert.equal(await verifyGroupInfoSignature(gi, new Uint8Array(32).fill(9), cs.signature), false);
    }
    assert.equal(ran, 2);
  });
});
