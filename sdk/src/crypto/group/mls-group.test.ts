import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  acceptAll,
  decodeGroupState,
  decodeMlsMessage,
  encodeGroupState,
  makePskIndex,
  processMessage,
} from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import { concatBytes, utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { createMlsMember, type MlsCiphersuiteName, MlsGroup } from './index.js';
import { mlsCiphersuite } from './noble-provider.js';

const code = (c: string) => (e: unknown) => e instanceof CryptoError && e.code === c;
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('MLS groups', () => {
  for (const suite of [
    'MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519',
    'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519',
  ] as MlsCiphersuiteName[]) {
    it(`create, add, welcome, send, remove, epochs (${suite})`, async () => {
      const alice = await MlsGroup.create(utf8('room-1'), await createMlsMember(utf8('alice'), suite));
      assert.equal(alice.epoch, 0n);
      const bobM = await createMlsMember(utf8('bob'), suite);
      const carolM = await createMlsMember(utf8('carol'), suite);
      const add = await alice.add([bobM.encodedKeyPackage(), carolM.encodedKeyPackage()]);
      assert.ok(add.welcome);
      assert.equal(alice.epoch, 1n);
      const bob = await MlsGroup.join(add.welcome, bobM);
      const carol = await MlsGroup.join(add.welcome, carolM);
      assert.equal(bob.epoch, 1n);
      assert.deepEqual(bob.epochAuthenticator, alice.epochAuthenticator);
      assert.deepEqual(
        bob.members().map((m) => m && text(m)),
        ['alice', 'bob', 'carol'],
      );

      const msg = await bob.encrypt(utf8('hello room'));
      for (const g of [alice, carol]) {
        const ev = await g.process(msg);
        assert.equal(ev.kind, 'application');
        assert.equal(ev.kind === 'application' && text(ev.plaintext), 'hello room');
      }
      // a replayed application message is rejected
      await assert.rejects(alice.process(msg), code('GROUP_OPERATION_FAILED'));

      const rm = await alice.remove([utf8('carol')]);
      assert.deepEqual(await bob.process(rm.commit), { kind: 'commit', epoch: 2n, removed: false });
      const gone = await carol.process(rm.commit);
      assert.equal(gone.kind === 'commit' && gone.removed, true);
      assert.deepEqual(bob.epochAuthenticator, alice.epochAuthenticator);
      // carol cannot read the new epoch
      const secret = await alice.encrypt(utf8('without carol'));
      await assert.rejects(carol.process(secret));
      assert.equal(
        text(((await bob.process(secret)) as { plaintext: Uint8Array }).plaintext),
        'without carol',
      );
    });
  }

  it('serializes and restores group state', async () => {
    const alice = await MlsGroup.create(utf8('room-2'), await createMlsMember(utf8('alice')));
    const bobM = await createMlsMember(utf8('bob'));
    const { welcome } = await alice.add([bobM.encodedKeyPackage()]);
    const bob = MlsGroup.deserialize((await MlsGroup.join(welcome as Uint8Array, bobM)).serialize());
    const restoredAlice = MlsGroup.deserialize(alice.serialize());
    const ev = await bob.process(await restoredAlice.encrypt(utf8('persisted')));
    assert.equal(ev.kind === 'application' && text(ev.plaintext), 'persisted');
    assert.throws(() => MlsGroup.deserialize(new Uint8Array([1, 0, 3, 65, 66, 67])), code('GROUP_MALFORMED'));
    assert.equal(String(bob), 'MlsGroup(epoch 1)');
  });

  it('rejects malformed and future-epoch messages', async () => {
    const alice = await MlsGroup.create(utf8('room-3'), await createMlsMember(utf8('alice')));
    const bobM = await createMlsMember(utf8('bob'));
    const { welcome } = await alice.add([bobM.encodedKeyPackage()]);
    const bob = await MlsGroup.join(welcome as Uint8Array, bobM);
    await assert.rejects(bob.process(new Uint8Array([0, 1, 0, 2, 9])), code('GROUP_MALFORMED'));
    const { commit } = await alice.update();
    const later = await alice.encrypt(utf8('epoch 2'));
    await assert.rejects(bob.process(later), code('GROUP_WRONG_EPOCH'));
    await bob.process(commit);
    assert.equal(text(((await bob.process(later)) as { plaintext: Uint8Array }).plaintext), 'epoch 2');
    const flipped = later.slice();
    flipped[flipped.length - 3] = (flipped[flipped.length - 3] as number) ^ 1;
    await assert.rejects(bob.process(flipped));
  });

  it("an update heals a compromise: a copy of a member's earlier state cannot read what follows its update", async () => {
    const alice = await MlsGroup.create(utf8('pcs-room'), await createMlsMember(utf8('alice')));
    const bobM = await createMlsMember(utf8('bob'));
    const { welcome } = await alice.add([bobM.encodedKeyPackage()]);
    const bob = await MlsGroup.join(welcome as Uint8Array, bobM);
    // an attacker copies Bob's whole state
    const stolen = () => MlsGroup.deserialize(bob.serialize());

    // control: without an update, the copy reads Alice's next message
    const copy = stolen();
    const before = await alice.encrypt(utf8('still readable'));
    const read = await copy.process(before);
    assert.equal(read.kind === 'application' && text(read.plaintext), 'still readable');
    assert.equal(await bob.process(before).then((e) => e.kind), 'application');

    // Bob updates; Alice follows; the copy taken before cannot follow, nor read what Alice says next
    const copyBefore = stolen();
    const { commit } = await bob.update();
    await alice.process(commit);
    assert.equal(alice.epoch, bob.epoch);
    await assert.rejects(copyBefore.process(commit));
    const after = await alice.encrypt(utf8('healed'));
    await assert.rejects(copyBefore.process(after));
    const ok = await bob.process(after);
    assert.equal(ok.kind === 'application' && text(ok.plaintext), 'healed');
  });

  it('random add/remove/send sequences keep every member on the same epoch and decrypting (property)', async () => {
    type Op =
      | { kind: 'add' }
      | { kind: 'remove'; pick: number }
      | { kind: 'send'; pick: number }
      | { kind: 'update'; pick: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constant({ kind: 'add' as const }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('send' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('update' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 7 }), async (ops) => {
        let next = 0;
        const name = () => `m${next++}`;
        const first = name();
        const members: { name: string; group: MlsGroup }[] = [
          {
            name: first,
            group: await MlsGroup.create(utf8('prop-room'), await createMlsMember(utf8(first))),
          },
        ];
        const applyCommit = async (from: number, commit: Uint8Array) => {
          for (const [i, m] of members.entries()) if (i !== from) await m.group.process(commit);
        };
        for (const o of ops) {
          if (o.kind === 'add') {
            if (members.length >= 5) continue;
            const n = name();
            const mm = await createMlsMember(utf8(n));
            const committer = members[0] as { group: MlsGroup };
            const out = await committer.group.add([mm.encodedKeyPackage()]);
            await applyCommit(0, out.commit);
            members.push({ name: n, group: await MlsGroup.join(out.welcome as Uint8Array, mm) });
          } else if (o.kind === 'remove') {
            if (members.length < 2) continue;
            const victim = 1 + (o.pick % (members.length - 1));
            const committer = members[0] as { group: MlsGroup };
            const out = await committer.group.remove([utf8((members[victim] as { name: string }).name)]);
            await applyCommit(0, out.commit);
            assert.equal((members[victim] as { group: MlsGroup }).group.active, false);
            members.splice(victim, 1);
          } else if (o.kind === 'update') {
            const from = o.pick % members.length;
            const out = await (members[from] as { group: MlsGroup }).group.update();
            await applyCommit(from, out.commit);
          } else {
            const from = o.pick % members.length;
            const wire = await (members[from] as { group: MlsGroup }).group.encrypt(utf8(`from ${from}`));
            for (const [i, m] of members.entries()) {
              if (i === from) continue;
              const ev = await m.group.process(wire);
              assert.equal(ev.kind === 'application' && text(ev.plaintext), `from ${from}`);
            }
          }
          const epoch = (members[0] as { group: MlsGroup }).group.epoch;
          const auth = (members[0] as { group: MlsGroup }).group.epochAuthenticator;
          for (const m of members) {
            assert.equal(m.group.epoch, epoch);
            assert.deepEqual(m.group.epochAuthenticator, auth);
          }
        }
      }),
      { numRuns: 6 },
    );
  });
});

/** ts-mls's own `processMessage` on a copy of a member's state: the reference the group's lighter path must match. */
async function referenceProcess(
  stateBytes: Uint8Array,
  message: Uint8Array,
  suite: MlsCiphersuiteName,
): Promise<{ plaintext?: Uint8Array; state: Uint8Array }> {
  const len = (stateBytes[1] ?? 0) * 256 + (stateBytes[2] ?? 0);
  const decoded = decodeGroupState(stateBytes, 3 + len);
  assert.ok(decoded);
  const state = { ...decoded[0], clientConfig: defaultClientConfig };
  const m = decodeMlsMessage(message, 0)?.[0];
  assert.ok(m && (m.wireformat === 'mls_private_message' || m.wireformat === 'mls_public_message'));
  const r = await processMessage(m, state, makePskIndex(state, {}), acceptAll, await mlsCiphersuite(suite));
  return {
    ...(r.kind === 'applicationMessage' ? { plaintext: r.message } : {}),
    state: concatBytes(stateBytes.subarray(0, 3 + len), encodeGroupState(r.newState)),
  };
}

describe("MLS application messages take a lighter path than ts-mls's processMessage, with the same result", () => {
  for (const suite of [
    'MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519',
    'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519',
  ] as MlsCiphersuiteName[]) {
    it(`same plaintext and same state, in any order, across epochs (${suite})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              from: fc.constantFrom(0, 1),
              body: fc.uint8Array({ maxLength: 64 }),
              // a key update after this message: the later messages are of the next epoch
              update: fc.boolean(),
            }),
            { minLength: 1, maxLength: 8 },
          ),
          fc.infiniteStream(fc.nat()),
          async (sent, picks) => {
            const alice = await MlsGroup.create(utf8('room-eq'), await createMlsMember(utf8('alice'), suite));
            const bobM = await createMlsMember(utf8('bob'), suite);
            const carolM = await createMlsMember(utf8('carol'), suite);
            const { welcome } = await alice.add([bobM.encodedKeyPackage(), carolM.encodedKeyPackage()]);
            assert.ok(welcome);
            const bob = await MlsGroup.join(welcome, bobM);
            const carol = await MlsGroup.join(welcome, carolM);
            const senders = [alice, carol];
            // each epoch's messages, delivered to Bob in a random order before the commit that ends it
            const batch: Uint8Array[] = [];
            const deliver = async (extra?: Uint8Array) => {
              const it = picks[Symbol.iterator]();
              while (batch.length) {
                const [msg] = batch.splice((it.next().value as number) % batch.length, 1);
                assert.ok(msg);
                const ref = await referenceProcess(bob.serialize(), msg, suite);
                const ev = await bob.process(msg);
                assert.equal(ev.kind, 'application');
                assert.deepEqual(ev.kind === 'application' && ev.plaintext, ref.plaintext);
                assert.deepEqual(bob.serialize(), ref.state);
              }
              if (extra) await bob.process(extra);
            };
            for (const s of sent) {
              const sender = senders[s.from] as MlsGroup;
              const msg = await sender.encrypt(s.body);
              if (s.from === 1) await alice.process(msg);
              else await carol.process(msg);
              batch.push(msg);
              if (s.update) {
                const { commit } = await alice.update();
                await carol.process(commit);
                await deliver(commit);
              }
            }
            await deliver();
            assert.deepEqual(bob.epochAuthenticator, alice.epochAuthenticator);
          },
        ),
        { numRuns: 12 },
      );
    });
  }

  it('a message of an earlier epoch still goes through the whole processing, and decrypts', async () => {
    const alice = await MlsGroup.create(utf8('room-old'), await createMlsMember(utf8('alice')));
    const bobM = await createMlsMember(utf8('bob'));
    const { welcome } = await alice.add([bobM.encodedKeyPackage()]);
    assert.ok(welcome);
    const bob = await MlsGroup.join(welcome, bobM);
    const early = await alice.encrypt(utf8('sent before the update'));
    const { commit } = await alice.update();
    await bob.process(commit); // Bob moves on before the earlier message arrives
    const ev = await bob.process(early);
    assert.equal(ev.kind === 'application' && text(ev.plaintext), 'sent before the update');
    assert.equal(ev.kind === 'application' && ev.epoch, 1n);
  });
});
