import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMlsMessage, defaultKeyRetentionConfig, defaultPaddingConfig, type MLSMessage } from 'ts-mls';
import { encodeCommit } from 'ts-mls/commit.js';
import { type CiphersuiteId, getCiphersuiteFromId } from 'ts-mls/crypto/ciphersuite.js';
import type { GroupContext } from 'ts-mls/groupContext.js';
import {
  protectApplicationData,
  protectProposal,
  unprotectPrivateMessage,
} from 'ts-mls/messageProtection.js';
import { protectProposalPublic, unprotectPublicMessage } from 'ts-mls/messageProtectionPublic.js';
import { decodeProposal, encodeProposal } from 'ts-mls/proposal.js';
import { createSecretTree } from 'ts-mls/secretTree.js';
import { fromHex, toHex } from '../bytes.js';
import { loadVectorFile } from '../test-vectors.js';
import { cryptalkMlsProvider } from './noble-provider.js';

const SUPPORTED_IDS = new Set([1, 3]);
const impl = (id: number) =>
  cryptalkMlsProvider.getCiphersuiteImpl(getCiphersuiteFromId(id as CiphersuiteId));

interface ProtectionVector {
  cipher_suite: number;
  group_id: string;
  epoch: number;
  tree_hash: string;
  confirmed_transcript_hash: string;
  signature_priv: string;
  signature_pub: string;
  encryption_secret: string;
  sender_data_secret: string;
  membership_key: string;
  proposal: string;
  proposal_pub: string;
  proposal_priv: string;
  commit: string;
  commit_pub: string;
  commit_priv: string;
  application: string;
  application_priv: string;
}

function msg(hex: string): MLSMessage {
  const m = decodeMlsMessage(fromHex(hex), 0);
  assert.ok(m);
  return m[0];
}

type Framed = { contentType: string; proposal?: unknown; commit?: unknown; applicationData?: Uint8Array };

function payload(content: Framed): string {
  if (content.contentType === 'proposal')
    return toHex(encodeProposal(content.proposal as Parameters<typeof encodeProposal>[0]));
  if (content.contentType === 'commit')
    return toHex(encodeCommit(content.commit as Parameters<typeof encodeCommit>[0]));
  return toHex(content.applicationData as Uint8Array);
}

describe('MLS interop vectors: message-protection', () => {
  it('unprotects and re-protects every message of the supported ciphersuites', async () => {
    const all = loadVectorFile<ProtectionVector[]>('mls/message-protection.json');
    let ran = 0;
    for (const v of all) {
      if (!SUPPORTED_IDS.has(v.cipher_suite)) continue;
      ran++;
      const cs = await impl(v.cipher_suite);
      const id = `suite ${v.cipher_suite}`;
      const ctx: GroupContext = {
        version: 'mls10',
        cipherSuite: cs.name,
        groupId: fromHex(v.group_id),
        epoch: BigInt(v.epoch),
        treeHash: fromHex(v.tree_hash),
        confirmedTranscriptHash: fromHex(v.confirmed_transcript_hash),
        extensions: [],
      };
      const sigPub = fromHex(v.signature_pub);
      const sigPriv = fromHex(v.signature_priv);
      const membership = fromHex(v.membership_key);
      const senderData = fromHex(v.sender_data_secret);
      const tree = () => createSecretTree(2, fromHex(v.encryption_secret), cs.kdf);

      for (const kind of ['proposal', 'commit'] as const) {
        const pub = msg(v[`${kind}_pub`]);
        assert.equal(pub.wireformat, 'mls_public_message', `${id} ${kind}_pub`);
        if (pub.wireformat !== 'mls_public_message') continue;
        const content = await unprotectPublicMessage(membership, ctx, [], pub.publicMessage, cs, sigPub);
        assert.equal(payload(content.content as Framed), v[kind], `${id} ${kind}_pub payload`);
        const priv = msg(v[`${kind}_priv`]);
        assert.equal(priv.wireformat, 'mls_private_message', `${id} ${kind}_priv`);
        if (priv.wireformat !== 'mls_private_message') continue;
        const r = await unprotectPrivateMessage(
          senderData,
          priv.privateMessage,
          await tree(),
          [],
          ctx,
          defaultKeyRetentionConfig,
          cs,
          sigPub,
        );
        assert.equal(payload(r.content.content as Framed), v[kind], `${id} ${kind}_priv payload`);
      }
      const app = msg(v.application_priv);
      assert.equal(app.wireformat, 'mls_private_message');
      if (app.wireformat !== 'mls_private_message') continue;
      const appOut = await unprotectPrivateMessage(
        senderData,
        app.privateMessage,
        await tree(),
        [],
        ctx,
        defaultKeyRetentionConfig,
        cs,
        sigPub,
      );
      assert.equal(payload(appOut.content.content as Framed), v.application, `${id} application payload`);

      // protect our own and unprotect with fresh state
      const proposal = decodeProposal(fromHex(v.proposal), 0)?.[0];
      assert.ok(proposal, `${id} proposal decodes`);
      const ownPub = await protectProposalPublic(
        sigPriv,
        membership,
        ctx,
        new Uint8Array(0),
        proposal,
        1,
        cs,
      );
      const ownPubContent = await unprotectPublicMessage(
        membership,
        ctx,
        [],
        ownPub.publicMessage,
        cs,
        sigPub,
      );
      assert.equal(payload(ownPubContent.content as Framed), v.proposal, `${id} own proposal_pub`);
      const ownPriv = await protectProposal(
        sigPriv,
        senderData,
        proposal,
        new Uint8Array(0),
        ctx,
        await tree(),
        1,
        defaultPaddingConfig,
        cs,
      );
      const ownPrivOut = await unprotectPrivateMessage(
        senderData,
        ownPriv.privateMessage,
        await tree(),
        [],
        ctx,
        defaultKeyRetentionConfig,
        cs,
        sigPub,
      );
      assert.equal(payload(ownPrivOut.content.content as Framed), v.proposal, `${id} own proposal_priv`);
      const ownApp = await protectApplicationData(
        sigPriv,
        senderData,
        fromHex(v.application),
        new Uint8Array(0),
        ctx,
        await tree(),
        1,
        defaultPaddingConfig,
        cs,
      );
      const ownAppOut = await unprotectPrivateMessage(
        senderData,
        ownApp.privateMessage,
        await tree(),
        [],
        ctx,
        defaultKeyRetentionConfig,
        cs,
        sigPub,
      );
      assert.equal(payload(ownAppOut.content.content as Framed), v.application, `${id} own application`);
    }
    assert.equal(ran, 2);
  });
});
