import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { utf8 } from '../crypto/bytes.js';
import { createMlsMember, MlsGroup } from '../crypto/group/index.js';
import { DeviceIdentity, encodePublicIdentity } from '../crypto/identity/index.js';
import { randomBytes } from '../crypto/primitives/index.js';
import { toBase64url } from '../protocol/index.js';
import { groupLeaves } from './group-leaves.js';
import { checkRejoin, proofOfReq, rejoinReq, type StaleLeaf, staleLeafOf } from './rejoin-check.js';
import {
  decodeRejoinProof,
  REJOIN_NONCE_LENGTH,
  REJOIN_PROOF_LENGTH,
  REJOIN_PROOF_VERSION,
} from './rejoin-request.js';

const ROOM = 'room-rejoin-test';

const [alice, bob, carol] = await Promise.all([
  DeviceIdentity.generateAsync(),
  DeviceIdentity.generateAsync(),
  DeviceIdentity.generateAsync(),
]);

describe('rejoin proofs against real MLS groups', () => {
  const idOf = (d: DeviceIdentity) => encodePublicIdentity(d.publicIdentity);
  const newKp = async (d: DeviceIdentity) => (await createMlsMember(idOf(d))).encodedKeyPackage();
  let group: MlsGroup; // Alice's view: Alice (0), Bob (1), Carol (2)
  let stale: StaleLeaf; // Bob's leaf, read from Bob's own (then stale) state

  before(async () => {
    group = await MlsGroup.create(utf8(ROOM), await createMlsMember(idOf(alice)));
    const bobM = await createMlsMember(idOf(bob));
    const carolM = await createMlsMember(idOf(carol));
    const { welcome } = await group.add([bobM.encodedKeyPackage(), carolM.encodedKeyPackage()]);
    assert.ok(welcome);
    const bobGroup = await MlsGroup.join(welcome, bobM);
    const s = staleLeafOf(bobGroup);
    assert.ok(s);
    stale = s;
  });

  it('reads the own leaf and the leaf keys', () => {
    assert.equal(stale.leaf, 1);
    const view = groupLeaves(group);
    assert.equal(view.own, 0);
    assert.deepEqual(view.leaves[1]?.signatureKey, stale.signatureKey);
    assert.deepEqual(view.leaves[1]?.identity, idOf(bob));
  });

  it('a proof by the leaf’s identity, for its key package, replaces exactly that leaf', async () => {
    const kp = await newKp(bob);
    const req = await rejoinReq('r1', ROOM, stale, kp, randomBytes(REJOIN_NONCE_LENGTH), (m) =>
      bob.signAsync(m),
    );
    const d = await checkRejoin(group, ROOM, req, kp);
    assert.equal(d.kind, 'replace');
    assert.equal(d.kind === 'replace' && d.oldLeaf, 1);
    const bytes = proofOfReq(req);
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(bytes.length, REJOIN_PROOF_LENGTH);
    assert.equal(bytes[0], REJOIN_PROOF_VERSION);
    assert.equal(decodeRejoinProof(bytes)?.oldLeaf, 1);
  });

  it('forged proofs remove nobody', async () => {
    const kp = await newKp(bob);
    const nonce = randomBytes(REJOIN_NONCE_LENGTH);
    const cases: [string, string, Uint8Array][] = [
      [
        'signed by another member',
        await rejoinReq('f1', ROOM, stale, kp, nonce, (m) => carol.signAsync(m)),
        kp,
      ],
      [
        'for another room',
        await rejoinReq('f2', 'other-room', stale, kp, nonce, (m) => bob.signAsync(m)),
        kp,
      ],
      [
        'for another group id',
        await rejoinReq('f3', ROOM, { ...stale, groupId: utf8('other') }, kp, nonce, (m) => bob.signAsync(m)),
        kp,
      ],
      [
        'claiming Carol’s leaf',
        await rejoinReq('f4', ROOM, { ...stale, leaf: 2 }, kp, nonce, (m) => bob.signAsync(m)),
        kp,
      ],
      [
        'with a swapped key package',
        await rejoinReq('f5', ROOM, stale, kp, nonce, (m) => bob.signAsync(m)),
        await newKp(bob),
      ],
      ['truncated', `f6.${toBase64url(new Uint8Array(REJOIN_PROOF_LENGTH - 1))}`, kp],
      ['not base64url', 'f7.*!*', kp],
    ];
    for (const [name, req, k] of cases) {
      assert.equal((await checkRejoin(group, ROOM, req, k)).kind, 'refuse', name);
    }
    // Carol claims Bob's leaf with her own key package: the old leaf is not hers
    const carolKp = await newKp(carol);
    const req = await rejoinReq('f8', ROOM, stale, carolKp, nonce, (m) => carol.signAsync(m));
    assert.equal((await checkRejoin(group, ROOM, req, carolKp)).kind, 'refuse', 'Carol for Bob’s leaf');
  });

  it('any flipped bit of a valid proof is refused (property)', async () => {
    const kp = await newKp(bob);
    const req = await rejoinReq('p1', ROOM, stale, kp, randomBytes(REJOIN_NONCE_LENGTH), (m) =>
      bob.signAsync(m),
    );
    const proof = proofOfReq(req) as Uint8Array;
    await fc.assert(
      fc.asyncProperty(fc.nat(proof.length * 8 - 1), async (bit) => {
        const bad = proof.slice();
        bad[bit >> 3] = (bad[bit >> 3] ?? 0) ^ (1 << (bit & 7));
        return (await checkRejoin(group, ROOM, `p1.${toBase64url(bad)}`, kp)).kind === 'refuse';
      }),
      { numRuns: 60 },
    );
  });

  it('a replayed proof removes nobody once the old leaf was replaced', async () => {
    const g = MlsGroup.deserialize(group.serialize());
    const kp = await newKp(bob);
    const req = await rejoinReq('r2', ROOM, stale, kp, randomBytes(REJOIN_NONCE_LENGTH), (m) =>
      bob.signAsync(m),
    );
    const d = await checkRejoin(g, ROOM, req, kp);
    assert.equal(d.kind, 'replace');
    if (d.kind !== 'replace') return;
    await g.remove([d.identity]);
    await g.add([kp]);
    assert.equal(groupLeaves(g).leaves[1]?.identity?.length, idOf(bob).length, 'Bob’s new leaf took slot 1');
    assert.equal(
      g.members().filter((m) => m !== undefined && Buffer.from(m).equals(idOf(bob))).length,
      1,
      'one leaf for Bob',
    );
    // the same request again (the relay replays it, and serves the same or another key package of Bob)
    assert.equal((await checkRejoin(g, ROOM, req, kp)).kind, 'refuse', 'replay with the same key package');
    assert.equal(
      (await checkRejoin(g, ROOM, req, await newKp(bob))).kind,
      'refuse',
      'replay with another one',
    );
  });

  it('requests without a proof, or from identities not in the group, are plain adds', async () => {
    const kp = await newKp(bob);
    assert.equal((await checkRejoin(group, ROOM, 'plain-id', kp)).kind, 'add');
    const dave = await DeviceIdentity.generateAsync();
    const daveKp = await newKp(dave);
    const req = await rejoinReq('d1', ROOM, stale, daveKp, randomBytes(REJOIN_NONCE_LENGTH), (m) =>
      dave.signAsync(m),
    );
    assert.equal(
      (await checkRejoin(group, ROOM, req, daveKp)).kind,
      'add',
      'Dave is not in the group: no removal',
    );
  });
});
