import assert from 'node:assert/strict';
import { it } from 'node:test';
import { concatBytes, fromBase64, lp16, toHex, u32, utf8 } from '../bytes.js';
import { LABEL_RATCHET_CHAIN_V2, LABEL_RATCHET_HEADER, LABEL_RATCHET_MESSAGE } from '../labels.js';
import {
  AeadSuite,
  aeadNonceLength,
  aeadSeal,
  generateX25519,
  hkdfExpand,
  hmacSha256,
  hmacSha512,
  randomBytes,
  x25519PublicKey,
} from '../primitives/index.js';
import { describeBackends } from '../test-backends.js';
import { RatchetSession } from './index.js';

/**
 * Recomputes a ratchet message from the construction written in `ratchet-header.ts` / `ratchet-kdf.ts` and
 * docs/protocol.md, straight from the sender's serialized state and the primitive wrappers: the encrypt path (which
 * writes the message in place) must produce exactly these bytes.
 */
function expectedMessage(state: Uint8Array, plaintext: Uint8Array, context: Uint8Array): Uint8Array {
  const j = JSON.parse(new TextDecoder().decode(state));
  const version = j.mv as 1 | 2;
  const suite = j.suite as number;
  const hks = fromBase64(j.hks);
  const ck = fromBase64(j.cks);
  const dh = x25519PublicKey(fromBase64(j.dhs));
  let messageKey: Uint8Array;
  let bodyKey: Uint8Array;
  if (version === 2) {
    messageKey = hmacSha512(ck, utf8(LABEL_RATCHET_CHAIN_V2)).slice(32, 64);
    bodyKey = messageKey;
  } else {
    messageKey = hmacSha256(ck, Uint8Array.of(1));
    bodyKey = hmacSha256(messageKey, concatBytes(utf8(LABEL_RATCHET_MESSAGE), Uint8Array.of(1)));
  }
  const headerAeadKey = hkdfExpand(hks, concatBytes(utf8(LABEL_RATCHET_HEADER), Uint8Array.of(1)), 32);
  const nonceKey = hkdfExpand(hks, concatBytes(utf8(LABEL_RATCHET_HEADER), Uint8Array.of(2)), 32);
  const nn = aeadNonceLength(suite);
  const headerNonce = hmacSha256(nonceKey, u32(j.ns)).slice(0, nn);
  const header = concatBytes(dh, u32(j.pn), u32(j.ns));
  const aadH = concatBytes(Uint8Array.of(version, suite), lp16(fromBase64(j.ad)), lp16(context));
  const encHeader = aeadSeal(suite, headerAeadKey, headerNonce, header, aadH);
  const body = aeadSeal(
    suite,
    bodyKey,
    new Uint8Array(nn),
    plaintext,
    concatBytes(aadH, headerNonce, encHeader),
  );
  return concatBytes(Uint8Array.of(version, suite), headerNonce, encHeader, body);
}

function pair(suite: number, version: 1 | 2) {
  const init = {
    rootKey: randomBytes(32),
    initiatorHeaderKey: randomBytes(32),
    responderHeaderKey: randomBytes(32),
    associatedData: randomBytes(256),
    suite,
    version,
  };
  const bobKey = generateX25519();
  return {
    alice: RatchetSession.initiator(init, bobKey.publicKey),
    bob: RatchetSession.responder(init, bobKey),
  };
}

describeBackends('Double Ratchet wire bytes match the documented construction', () => {
  for (const suite of [AeadSuite.AES_256_GCM, AeadSuite.CHACHA20_POLY1305]) {
    for (const version of [1, 2] as const) {
      it(`suite ${suite}, message v${version}: in order, after a DH step, with and without context`, () => {
        const { alice, bob } = pair(suite, version);
        const contexts = [new Uint8Array(0), utf8('room-7')];
        const senders: [RatchetSession, RatchetSession][] = [
          [alice, bob],
          [bob, alice],
        ];
        let turn = 0;
        for (const [from, to] of senders) {
          for (let i = 0; i < 4; i++, turn++) {
            const context = contexts[turn % 2] as Uint8Array;
            const plaintext = randomBytes(turn * 7);
            const want = expectedMessage(from.serialize(), plaintext, context);
            const got = from.encrypt(plaintext, context);
            assert.equal(toHex(got), toHex(want), `message ${turn} (suite ${suite}, v${version})`);
            assert.deepEqual(to.decrypt(got, context), plaintext, `message ${turn} decrypts`);
          }
        }
      });
    }
  }
});
