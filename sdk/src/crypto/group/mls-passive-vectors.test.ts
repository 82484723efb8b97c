import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  acceptAll,
  bytesToBase64,
  type ClientState,
  decodeMlsMessage,
  joinGroup,
  makePskIndex,
  processMessage,
} from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import { type CiphersuiteId, getCiphersuiteFromId } from 'ts-mls/crypto/ciphersuite.js';
import { decodeRatchetTree } from 'ts-mls/ratchetTree.js';
import { fromHex, toHex } from '../bytes.js';
import { loadVectorFile } from '../test-vectors.js';
import { cryptalkMlsProvider } from './noble-provider.js';

const SUPPORTED_IDS = new Set([1, 3]);
const impl = (id: number) =>
  cryptalkMlsProvider.getCiphersuiteImpl(getCiphersuiteFromId(id as CiphersuiteId));

interface PassiveVector {
  cipher_suite: number;
  external_psks: { psk_id: string; psk: string }[];
  key_package: string;
  signature_priv: string;
  encryption_priv: string;
  init_priv: string;
  welcome: string;
  ratchet_tree: string | null;
  initial_epoch_authenticator: string;
  epochs: { proposals: string[]; commit: string; epoch_authenticator: string }[];
}

/** The vectors' key packages carry fixed, long-past lifetimes: lifetime checks are the app's, not the vectors'. */
const config = {
  ...defaultClientConfig,
  lifetimeConfig: { ...defaultClientConfig.lifetimeConfig, validateLifetimeOnReceive: false },
};

function decode(hex: string) {
  const m = decodeMlsMessage(fromHex(hex), 0);
  assert.ok(m, 'MLSMessage decodes');
  return m[0];
}

async function runPassive(file: string): Promise<{ vectors: number; epochs: number }> {
  const all = loadVectorFile<PassiveVector[]>(file);
  let vectors = 0;
  let epochs = 0;
  for (const [n, v] of all.entries()) {
    if (!SUPPORTED_IDS.has(v.cipher_suite)) continue;
    vectors++;
    const id = `${file} #${n} (suite ${v.cipher_suite})`;
    const cs = await impl(v.cipher_suite);
    const kp = decode(v.key_package);
    assert.equal(kp.wireformat, 'mls_key_package', id);
    const welcome = decode(v.welcome);
    assert.equal(welcome.wireformat, 'mls_welcome', id);
    if (kp.wireformat !== 'mls_key_package' || welcome.wireformat !== 'mls_welcome') continue;
    const psks: Record<string, Uint8Array> = {};
    for (const p of v.external_psks) psks[bytesToBase64(fromHex(p.psk_id))] = fromHex(p.psk);
    const tree = v.ratchet_tree ? decodeRatchetTree(fromHex(v.ratchet_tree), 0)?.[0] : undefined;
    let state: ClientState = await joinGroup(
      welcome.welcome,
      kp.keyPackage,
      {
        initPrivateKey: fromHex(v.init_priv),
        hpkePrivateKey: fromHex(v.encryption_priv),
        signaturePrivateKey: fromHex(v.signature_priv),
      },
      makePskIndex(undefined, psks),
      cs,
      tree,
      undefined,
      config,
    );
    assert.equal(toHex(state.keySchedule.epochAuthenticator), v.initial_epoch_authenticator, `${id} initial`);
    for (const [e, epoch] of v.epochs.entries()) {
      epochs++;
      for (const p of epoch.proposals) {
        const msg = decode(p);
        assert.ok(
          msg.wireformat === 'mls_public_message' || msg.wireformat === 'mls_private_message',
          `${id} proposal`,
        );
        const r = await processMessage(msg, state, makePskIndex(state, psks), acceptAll, cs);
        state = r.newState;
      }
      const commit = decode(epoch.commit);
      assert.ok(
        commit.wireformat === 'mls_public_message' || commit.wireformat === 'mls_private_message',
        `${id} commit`,
      );
      const r = await processMessage(commit, state, makePskIndex(state, psks), acceptAll, cs);
      state = r.newState;
      assert.equal(
        toHex(state.keySchedule.epochAuthenticator),
        epoch.epoch_authenticator,
        `${id} epoch ${e}`,
      );
    }
  }
  return { vectors, epochs };
}

describe('MLS interop vectors: passive client', () => {
  it('passive-client-welcome: joins from every Welcome of the supported ciphersuites', async () => {
    const { vectors } = await runPassive('mls/passive-client-welcome.json');
    assert.equal(vectors, 16);
  });

  it('passive-client-handling-commit: follows every commit of the supported ciphersuites', async () => {
    const { vectors, epochs } = await runPassive('mls/passive-client-handling-commit.json');
    assert.equal(vectors, 26);
    assert.ok(epochs >= 26, `followed ${epochs} epochs`);
  });
});
