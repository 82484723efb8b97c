import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CiphersuiteId, getCiphersuiteFromId } from 'ts-mls/crypto/ciphersuite.js';
import { encodeGroupContext, type GroupContext } from 'ts-mls/groupContext.js';
import { initializeEpoch, mlsExporter } from 'ts-mls/keySchedule.js';
import { createSecretTree, deriveKey, deriveNonce, ratchetUntil } from 'ts-mls/secretTree.js';
import { expandSenderDataKey, expandSenderDataNonce } from 'ts-mls/sender.js';
import { fromHex, toHex } from '../bytes.js';
import { loadVectorFile } from '../test-vectors.js';
import { cryptalkMlsProvider } from './noble-provider.js';

const SUPPORTED_IDS = new Set([1, 3]);
const impl = (id: number) =>
  cryptalkMlsProvider.getCiphersuiteImpl(getCiphersuiteFromId(id as CiphersuiteId));

const EPOCH_FIELDS = [
  'tree_hash',
  'commit_secret',
  'psk_secret',
  'confirmed_transcript_hash',
  'group_context',
  'joiner_secret',
  'welcome_secret',
  'init_secret',
  'sender_data_secret',
  'encryption_secret',
  'exporter_secret',
  'epoch_authenticator',
  'external_secret',
  'confirmation_key',
  'membership_key',
  'resumption_psk',
  'external_pub',
] as const;

type EpochVector = { [K in (typeof EPOCH_FIELDS)[number]]: string } & {
  exporter: { label: string; context: string; length: number; secret: string };
};

interface KeyScheduleVector {
  cipher_suite: number;
  group_id: string;
  initial_init_secret: string;
  epochs: EpochVector[];
}

interface SecretTreeVector {
  cipher_suite: number;
  sender_data: { sender_data_secret: string; ciphertext: string; key: string; nonce: string };
  encryption_secret: string;
  leaves: {
    generation: number;
    handshake_key: string;
    handshake_nonce: string;
    application_key: string;
    application_nonce: string;
  }[][];
}

describe('MLS interop vectors: key schedule and secret tree', () => {
  it('key-schedule: every epoch of the supported ciphersuites', async () => {
    const all = loadVectorFile<KeyScheduleVector[]>('mls/key-schedule.json');
    let ran = 0;
    let epochs = 0;
    for (const v of all) {
      if (!SUPPORTED_IDS.has(v.cipher_suite)) continue;
      ran++;
      const cs = await impl(v.cipher_suite);
      let initSecret = fromHex(v.initial_init_secret);
      for (const [i, e] of v.epochs.entries()) {
        epochs++;
        const id = `suite ${v.cipher_suite} epoch ${i}`;
        const ctx: GroupContext = {
          version: 'mls10',
          cipherSuite: cs.name,
          groupId: fromHex(v.group_id),
          epoch: BigInt(i),
          treeHash: fromHex(e.tree_hash),
          confirmedTranscriptHash: fromHex(e.confirmed_transcript_hash),
          extensions: [],
        };
        assert.equal(toHex(encodeGroupContext(ctx)), e.group_context, `${id} group_context`);
        const s = await initializeEpoch(
          initSecret,
          fromHex(e.commit_secret),
          ctx,
          fromHex(e.psk_secret),
          cs.kdf,
        );
        assert.equal(toHex(s.joinerSecret), e.joiner_secret, `${id} joiner`);
        assert.equal(toHex(s.welcomeSecret), e.welcome_secret, `${id} welcome`);
        assert.equal(toHex(s.encryptionSecret), e.encryption_secret, `${id} encryption`);
        const ks = s.keySchedule;
        const expect: [Uint8Array, (typeof EPOCH_FIELDS)[number]][] = [
          [ks.initSecret, 'init_secret'],
          [ks.senderDataSecret, 'sender_data_secret'],
          [ks.exporterSecret, 'exporter_secret'],
          [ks.epochAuthenticator, 'epoch_authenticator'],
          [ks.externalSecret, 'external_secret'],
          [ks.confirmationKey, 'confirmation_key'],
          [ks.membershipKey, 'membership_key'],
          [ks.resumptionPsk, 'resumption_psk'],
        ];
        for (const [got, name] of expect) assert.equal(toHex(got), e[name], `${id} ${name}`);
        const kp = await cs.hpke.deriveKeyPair(ks.externalSecret);
        assert.equal(
          toHex(await cs.hpke.exportPublicKey(kp.publicKey)),
          e.external_pub,
          `${id} external_pub`,
        );
        const x = e.exporter;
        assert.equal(
          toHex(await mlsExporter(ks.exporterSecret, x.label, fromHex(x.context), x.length, cs)),
          x.secret,
          `${id} exporter`,
        );
        initSecret = ks.initSecret;
      }
    }
    assert.equal(ran, 2);
    assert.ok(epochs >= 2, `ran ${epochs} epochs`);
  });

  it('secret-tree: every leaf and generation of the supported ciphersuites', async () => {
    const all = loadVectorFile<SecretTreeVector[]>('mls/secret-tree.json');
    let ran = 0;
    const config = {
      retainKeysForGenerations: 0,
      retainKeysForEpochs: 0,
      maximumForwardRatchetSteps: 2 ** 31,
    };
    for (const v of all) {
      if (!SUPPORTED_IDS.has(v.cipher_suite)) continue;
      ran++;
      const cs = await impl(v.cipher_suite);
      const sd = v.sender_data;
      const ct = fromHex(sd.ciphertext);
      assert.equal(toHex(await expandSenderDataKey(cs, fromHex(sd.sender_data_secret), ct)), sd.key);
      assert.equal(toHex(await expandSenderDataNonce(cs, fromHex(sd.sender_data_secret), ct)), sd.nonce);
      const tree = await createSecretTree(v.leaves.length, fromHex(v.encryption_secret), cs.kdf);
      for (const [leaf, gens] of v.leaves.entries()) {
        const node = tree[leaf * 2];
        assert.ok(node, `leaf ${leaf}`);
        for (const g of gens) {
          const id = `suite ${v.cipher_suite} leaf ${leaf} gen ${g.generation}`;
          const [hs] = await ratchetUntil(node.handshake, g.generation, config, cs.kdf);
          const [app] = await ratchetUntil(node.application, g.generation, config, cs.kdf);
          assert.equal(toHex(await deriveKey(hs.secret, g.generation, cs)), g.handshake_key, `${id} hs key`);
          assert.equal(
            toHex(await deriveNonce(hs.secret, g.generation, cs)),
            g.handshake_nonce,
            `${id} hs nonce`,
          );
          assert.equal(
            toHex(await deriveKey(app.secret, g.generation, cs)),
            g.application_key,
            `${id} app key`,
          );
          assert.equal(
            toHex(await deriveNonce(app.secret, g.generation, cs)),
            g.application_nonce,
            `${id} app nonce`,
          );
        }
      }
    }
    assert.equal(ran, 6);
  });
});
