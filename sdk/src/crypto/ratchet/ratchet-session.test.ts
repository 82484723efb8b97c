import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { utf8 } from '../bytes.js';
import { CryptoError, RatchetError } from '../errors.js';
import { AeadSuite, generateX25519, randomBytes } from '../primitives/index.js';
import { RatchetSession } from './index.js';

function pair(suite: number = AeadSuite.AES_256_GCM, limits = {}, version?: 1 | 2) {
  const init = {
    rootKey: randomBytes(32),
    initiatorHeaderKey: randomBytes(32),
    responderHeaderKey: randomBytes(32),
    associatedData: randomBytes(64),
    suite,
    ...(version ? { version } : {}),
  };
  const bobKey = generateX25519();
  return {
    alice: RatchetSession.initiator(init, bobKey.publicKey, limits),
    bob: RatchetSession.responder(init, bobKey, limits),
  };
}

function code(c: string) {
  return (e: unknown) => e instanceof CryptoError && e.code === c;
}

describe('Double Ratchet with header encryption', () => {
  for (const suite of [AeadSuite.AES_256_GCM, AeadSuite.CHACHA20_POLY1305, AeadSuite.XCHACHA20_POLY1305]) {
    it(`exchanges messages both ways with DH steps (suite ${suite})`, () => {
      const { alice, bob } = pair(suite);
      assert.equal(bob.canSend, false);
      assert.throws(() => bob.encrypt(utf8('x')), code('RATCHET_BAD_STATE'));
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < 3; i++)
          assert.deepEqual(bob.decrypt(alice.encrypt(utf8(`a${round}${i}`))), utf8(`a${round}${i}`));
        for (let i = 0; i < 2; i++)
          assert.deepEqual(alice.decrypt(bob.encrypt(utf8(`b${round}${i}`))), utf8(`b${round}${i}`));
      }
    });
  }

  it('new sessions send message version 2; the responder takes the version of the first message', () => {
    const { alice, bob } = pair();
    assert.equal(alice.version, 2);
    const m = alice.encrypt(utf8('v2'));
    assert.equal(m[0], 2);
    assert.deepEqual(bob.decrypt(m), utf8('v2'));
    assert.equal(bob.version, 2);
    assert.equal(bob.encrypt(utf8('back'))[0], 2);
    // a version 1 initiator: the responder (told nothing, or told 2) follows it
    const old = pair(AeadSuite.CHACHA20_POLY1305, {}, 1);
    const first = old.alice.encrypt(utf8('v1'));
    assert.equal(first[0], 1);
    assert.deepEqual(old.bob.decrypt(first), utf8('v1'));
    assert.equal(old.bob.version, 1);
    for (let round = 0; round < 3; round++) {
      const back = old.bob.encrypt(utf8(`b${round}`));
      assert.equal(back[0], 1);
      assert.deepEqual(old.alice.decrypt(back), utf8(`b${round}`));
      assert.deepEqual(old.bob.decrypt(old.alice.encrypt(utf8(`a${round}`))), utf8(`a${round}`));
    }
  });

  it('a message whose version differs from the session is refused and changes nothing', () => {
    for (const version of [1, 2] as const) {
      const { alice, bob } = pair(AeadSuite.AES_256_GCM, {}, version);
      bob.decrypt(alice.encrypt(utf8('first')));
      const m = alice.encrypt(utf8('x'));
      const other = m.slice();
      other[0] = version === 1 ? 2 : 1;
      assert.throws(() => bob.decrypt(other), code('RATCHET_MALFORMED'));
      const unknown = m.slice();
      unknown[0] = 3;
      assert.throws(() => bob.decrypt(unknown), code('RATCHET_MALFORMED'));
      assert.deepEqual(bob.decrypt(m), utf8('x'));
    }
    // before its first message a responder accepts either version, but a changed byte breaks the header AEAD
    const { alice, bob } = pair();
    const m = alice.encrypt(utf8('x'));
    m[0] = 1;
    assert.throws(() => bob.decrypt(m), code('RATCHET_DECRYPT_FAILED'));
    m[0] = 2;
    assert.deepEqual(bob.decrypt(m), utf8('x'));
  });

  it('a stored version 1 state (no "mv") restores as a version 1 session', () => {
    const { alice, bob } = pair(AeadSuite.AES_256_GCM, {}, 1);
    const skipped = alice.encrypt(utf8('skipped'));
    bob.decrypt(alice.encrypt(utf8('1')));
    const json = JSON.parse(new TextDecoder().decode(bob.serialize()));
    assert.equal(json.v, 2);
    assert.equal(json.mv, 1);
    json.v = 1;
    delete json.mv;
    const restored = RatchetSession.deserialize(utf8(JSON.stringify(json)));
    assert.equal(restored.version, 1);
    assert.deepEqual(restored.decrypt(skipped), utf8('skipped'));
    assert.deepEqual(alice.decrypt(restored.encrypt(utf8('back'))), utf8('back'));
    json.v = 2;
    json.mv = 3;
    assert.throws(() => RatchetSession.deserialize(utf8(JSON.stringify(json))), code('RATCHET_BAD_STATE'));
  });

  it('headers are encrypted: the ratchet key does not appear on the wire', () => {
    const { alice } = pair();
    const a = alice.encrypt(utf8('x'));
    const b = alice.encrypt(utf8('x'));
    assert.equal(a.length, b.length);
    assert.notDeepEqual(a.subarray(0, 20), b.subarray(0, 20));
  });

  it('handles out-of-order and lost messages across DH steps', () => {
    const { alice, bob } = pair();
    const m = [0, 1, 2, 3].map((i) => alice.encrypt(utf8(`m${i}`)));
    assert.deepEqual(bob.decrypt(m[2] as Uint8Array), utf8('m2'));
    const reply = bob.encrypt(utf8('r'));
    assert.deepEqual(alice.decrypt(reply), utf8('r'));
    const m4 = alice.encrypt(utf8('m4'));
    assert.deepEqual(bob.decrypt(m4), utf8('m4'));
    assert.deepEqual(bob.decrypt(m[0] as Uint8Array), utf8('m0'));
    assert.deepEqual(bob.decrypt(m[3] as Uint8Array), utf8('m3'));
    assert.equal(bob.skippedCount, 1); // m1 lost so far
    assert.deepEqual(bob.decrypt(m[1] as Uint8Array), utf8('m1'));
    assert.equal(bob.skippedCount, 0);
  });

  it('rejects replays without changing state', () => {
    const { alice, bob } = pair();
    const m0 = alice.encrypt(utf8('0'));
    const m1 = alice.encrypt(utf8('1'));
    bob.decrypt(m1);
    bob.decrypt(m0);
    assert.throws(() => bob.decrypt(m0), RatchetError);
    assert.throws(() => bob.decrypt(m1), code('RATCHET_DUPLICATE'));
    assert.deepEqual(bob.decrypt(alice.encrypt(utf8('2'))), utf8('2'));
  });

  it('a tampered body fails on every decrypt path, leaves the state as it was, and the genuine message opens', async () => {
    /** The message with its last body byte flipped: the header opens, the body does not authenticate. */
    const tampered = (m: Uint8Array) => {
      const bad = m.slice();
      bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 1;
      return bad;
    };
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    for (const version of [1, 2] as const) {
      for (const async of [false, true]) {
        const { alice, bob } = pair(AeadSuite.AES_256_GCM, {}, version);
        const decrypt = async (session: RatchetSession, m: Uint8Array) =>
          async ? session.decryptAsync(m) : session.decrypt(m);
        /** Tries the tampered copy of `m` on `session`, checks nothing changed, then opens `m` itself. */
        const path = async (name: string, session: RatchetSession, m: Uint8Array, text: string) => {
          const id = `v${version}${async ? ' async' : ''}: ${name}`;
          const before = hex(session.serialize());
          const skipped = session.skippedCount;
          await assert.rejects(decrypt(session, tampered(m)), code('RATCHET_DECRYPT_FAILED'), id);
          assert.equal(hex(session.serialize()), before, `${id}: state unchanged`);
          assert.equal(session.skippedCount, skipped, id);
          assert.deepEqual(await decrypt(session, m), utf8(text), id);
        };
        const a = [0, 1, 2, 3, 4].map((i) => alice.encrypt(utf8(`a${i}`)));
        // the responder's first message: a DH step from the handshake's root key
        await path('first DH step', bob, a[0] as Uint8Array, 'a0');
        await path('in order', bob, a[1] as Uint8Array, 'a1');
        await path('ahead in the current chain (a2 skipped)', bob, a[3] as Uint8Array, 'a3');
        await path('skipped in the current chain', bob, a[2] as Uint8Array, 'a2');
        assert.deepEqual(alice.decrypt(bob.encrypt(utf8('b0'))), utf8('b0'));
        // a DH step that also skips the rest of the old chain (a4 is never delivered before it)
        const c = alice.encrypt(utf8('c0'));
        await path('DH step skipping the old chain', bob, c, 'c0');
        assert.deepEqual(alice.decrypt(bob.encrypt(utf8('b1'))), utf8('b1'));
        await path('DH step again', bob, alice.encrypt(utf8('d0')), 'd0');
        await path('skipped in an earlier chain', bob, a[4] as Uint8Array, 'a4');
        assert.equal(bob.skippedCount, 0);
        assert.deepEqual(alice.decrypt(bob.encrypt(utf8('b2'))), utf8('b2'));
      }
    }
  });

  it('binds the per-message context', () => {
    const { alice, bob } = pair();
    const m = alice.encrypt(utf8('x'), utf8('room-1'));
    assert.throws(() => bob.decrypt(m, utf8('room-2')), code('RATCHET_DECRYPT_FAILED'));
    assert.deepEqual(bob.decrypt(m, utf8('room-1')), utf8('x'));
  });

  it('a key skipped in the current chain opens under HKr (tried first), once, also after a restore', () => {
    const { alice, bob } = pair();
    assert.deepEqual(bob.decrypt(alice.encrypt(utf8('first'))), utf8('first'));
    const m = [0, 1, 2, 3].map((i) => alice.encrypt(utf8(`c${i}`)));
    assert.deepEqual(bob.decrypt(m[3] as Uint8Array), utf8('c3'));
    assert.equal(bob.skippedCount, 3);
    assert.deepEqual(bob.decrypt(m[1] as Uint8Array), utf8('c1'));
    assert.throws(() => bob.decrypt(m[1] as Uint8Array), code('RATCHET_DUPLICATE'));
    assert.throws(() => bob.decrypt(m[3] as Uint8Array), code('RATCHET_DUPLICATE'));
    // restored: the header keys are new arrays with the same bytes
    const restored = RatchetSession.deserialize(bob.serialize());
    assert.deepEqual(restored.decrypt(m[0] as Uint8Array), utf8('c0'));
    assert.deepEqual(restored.decrypt(m[2] as Uint8Array), utf8('c2'));
    assert.equal(restored.skippedCount, 0);
    assert.throws(() => restored.decrypt(m[2] as Uint8Array), code('RATCHET_DUPLICATE'));
    assert.deepEqual(restored.decrypt(alice.encrypt(utf8('c4'))), utf8('c4'));
  });

  it('bounds skipped keys per chain and per session', () => {
    const { alice, bob } = pair(AeadSuite.AES_256_GCM, { maxSkipPerChain: 10, maxSkippedPerSession: 15 });
    const first = alice.encrypt(utf8('first'));
    for (let i = 0; i < 11; i++) alice.encrypt(utf8('lost'));
    const far = alice.encrypt(utf8('far'));
    assert.throws(() => bob.decrypt(far), code('RATCHET_TOO_MANY_SKIPPED'));
    assert.deepEqual(bob.decrypt(first), utf8('first'));
    // per session: several chains each skipping up to the bound
    const { alice: a2, bob: b2 } = pair(AeadSuite.AES_256_GCM, {
      maxSkipPerChain: 10,
      maxSkippedPerSession: 15,
    });
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 8; i++) a2.encrypt(utf8('lost'));
      b2.decrypt(a2.encrypt(utf8('got')));
      assert.ok(b2.skippedCount <= 15);
      a2.decrypt(b2.encrypt(utf8('ack')));
    }
    assert.equal(b2.skippedCount, 15);
  });

  it('serializes and restores mid-conversation, including skipped keys', () => {
    const { alice, bob } = pair();
    const m0 = alice.encrypt(utf8('0'));
    bob.decrypt(alice.encrypt(utf8('1')));
    const restored = RatchetSession.deserialize(bob.serialize());
    assert.deepEqual(restored.decrypt(m0), utf8('0'));
    assert.deepEqual(alice.decrypt(restored.encrypt(utf8('back'))), utf8('back'));
    assert.throws(() => RatchetSession.deserialize(utf8('{"v":1}')), code('RATCHET_BAD_STATE'));
    assert.equal(String(restored), 'RatchetSession(<redacted>)');
  });

  it('flipping any byte fails cleanly (property)', () => {
    const { alice, bob } = pair();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 100 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (pt, pos, mask) => {
          const wire = alice.encrypt(pt);
          const bad = wire.slice();
          const i = pos % bad.length;
          bad[i] = (bad[i] as number) ^ mask;
          assert.throws(() => bob.decrypt(bad), CryptoError);
          assert.deepEqual(bob.decrypt(wire), pt);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('random interleavings, drops, duplicates and reorders decrypt each message once or fail cleanly (property)', () => {
    type Op =
      | { kind: 'send'; from: 0 | 1 }
      | { kind: 'deliver'; to: 0 | 1; pick: number; dup: boolean; drop: boolean };
    const op = fc.oneof(
      fc.record({ kind: fc.constant('send' as const), from: fc.constantFrom(0 as const, 1 as const) }),
      fc.record({
        kind: fc.constant('deliver' as const),
        to: fc.constantFrom(0 as const, 1 as const),
        pick: fc.nat(),
        dup: fc.boolean(),
        drop: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops: Op[]) => {
        const { alice, bob } = pair(AeadSuite.CHACHA20_POLY1305, {
          maxSkipPerChain: 100,
          maxSkippedPerSession: 80,
        });
        const peers = [alice, bob];
        // in-flight messages towards each peer: [wire, plaintext id]
        const inflight: [Uint8Array, string][][] = [[], []];
        const received: Set<string>[] = [new Set(), new Set()];
        let counter = 0;
        for (const o of ops) {
          if (o.kind === 'send') {
            const sender = peers[o.from] as RatchetSession;
            if (!sender.canSend) continue;
            const id = `m${counter++}`;
            inflight[1 - o.from]?.push([sender.encrypt(utf8(id)), id]);
          } else {
            const queue = inflight[o.to] as [Uint8Array, string][];
            if (queue.length === 0) continue;
            const idx = o.pick % queue.length;
            const [wire, id] = queue[idx] as [Uint8Array, string];
            if (!o.dup) queue.splice(idx, 1);
            if (o.drop) continue;
            const receiver = peers[o.to] as RatchetSession;
            assert.ok(receiver.skippedCount <= 80, 'skipped keys stay within the session bound');
            try {
              const pt = new TextDecoder().decode(receiver.decrypt(wire));
              assert.equal(pt, id, 'decrypts to what was sent');
              assert.ok(!received[o.to]?.has(id), `message ${id} decrypted twice`);
              received[o.to]?.add(id);
            } catch (e) {
              assert.ok(e instanceof CryptoError, `unexpected ${String(e)}`);
              assert.ok(received[o.to]?.has(id) || e instanceof RatchetError, 'clean failure');
            }
          }
        }
        // after the chaos, in-order traffic still works both ways once both can send
        if (alice.canSend) {
          const w = alice.encrypt(utf8('final'));
          assert.deepEqual(bob.decrypt(w), utf8('final'));
          const r = bob.encrypt(utf8('final-r'));
          assert.deepEqual(alice.decrypt(r), utf8('final-r'));
        }
      }),
      { numRuns: 60 },
    );
  });
});
