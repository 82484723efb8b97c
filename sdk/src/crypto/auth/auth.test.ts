import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { toHex } from '../bytes.js';
import { AuthError, type CryptoErrorCode } from '../errors.js';
import { randomBytes } from '../primitives/random.js';
import {
  type AuthChallenge,
  ChallengeVerifier,
  deriveRoomAuthKey,
  deriveRoomAuthKeyAsync,
  encodeChallenge,
  proveChallenge,
  proveChallengeAsync,
} from './index.js';

const ORIGIN = 'wss://relay.example.com';

function setup(opts: { ttlMs?: number; maxOutstanding?: number; maxPerConnection?: number } = {}) {
  let clock = 1_700_000_000_000;
  const verifier = new ChallengeVerifier({ origin: ORIGIN, now: () => clock, ...opts });
  const deviceSecret = randomBytes(32);
  const key = deriveRoomAuthKey(deviceSecret, 'room-a');
  return {
    verifier,
    key,
    deviceSecret,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

function rejects(fn: () => unknown, code: CryptoErrorCode): void {
  assert.throws(fn, (e: unknown) => e instanceof AuthError && e.code === code, `expected ${code}`);
}

describe('relay auth proof', () => {
  it('accepts a fresh, correct proof once', () => {
    const { verifier, key } = setup();
    const ch = verifier.issue('conn-1');
    const proof = proveChallenge(key, { ...ch, origin: ORIGIN });
    assert.equal(proof.length, 64);
    const out = verifier.verify(ch.nonce, key.publicKey, proof, ORIGIN, 'conn-1');
    assert.equal(out.connId, 'conn-1');
    assert.deepEqual(out.publicKey, key.publicKey);
    assert.equal(verifier.size, 0);
  });

  it('rejects a replayed challenge', () => {
    const { verifier, key } = setup();
    const ch = verifier.issue('conn-1');
    const proof = proveChallenge(key, ch);
    verifier.verify(ch.nonce, key.publicKey, proof, ORIGIN);
    rejects(() => verifier.verify(ch.nonce, key.publicKey, proof, ORIGIN), 'AUTH_UNKNOWN_CHALLENGE');
  });

  it('a failed attempt consumes the challenge too', () => {
    const { verifier, key } = setup();
    const ch = verifier.issue('conn-1');
    rejects(() => verifier.verify(ch.nonce, key.publicKey, new Uint8Array(64), ORIGIN), 'AUTH_BAD_PROOF');
    rejects(
      () => verifier.verify(ch.nonce, key.publicKey, proveChallenge(key, ch), ORIGIN),
      'AUTH_UNKNOWN_CHALLENGE',
    );
  });

  it('rejects a proof made for another origin', () => {
    const { verifier, key } = setup();
    const ch = verifier.issue('conn-1');
    const evil = 'wss://evil.example.com';
    const proof = proveChallenge(key, { ...ch, origin: evil });
    rejects(() => verifier.verify(ch.nonce, key.publicKey, proof, evil), 'AUTH_WRONG_ORIGIN');
    // and a proof signed for the evil origin but presented as ours does not verify
    const ch2 = verifier.issue('conn-1');
    const proof2 = proveChallenge(key, { ...ch2, origin: evil });
    rejects(() => verifier.verify(ch2.nonce, key.publicKey, proof2, ORIGIN), 'AUTH_BAD_PROOF');
  });

  it('rejects an expired challenge', () => {
    const { verifier, key, advance } = setup({ ttlMs: 30_000 });
    const ch = verifier.issue('conn-1');
    const proof = proveChallenge(key, ch);
    advance(30_001);
    rejects(() => verifier.verify(ch.nonce, key.publicKey, proof, ORIGIN), 'AUTH_CHALLENGE_EXPIRED');
  });

  it('rejects a tampered timestamp or connection id', () => {
    const { verifier, key } = setup();
    const ch = verifier.issue('conn-1');
    const proof = proveChallenge(key, { ...ch, issuedAt: ch.issuedAt + 1 });
    rejects(() => verifier.verify(ch.nonce, key.publicKey, proof, ORIGIN), 'AUTH_BAD_PROOF');
    const ch2 = verifier.issue('conn-1');
    rejects(
      () => verifier.verify(ch2.nonce, key.publicKey, proveChallenge(key, ch2), ORIGIN, 'conn-2'),
      'AUTH_UNKNOWN_CHALLENGE',
    );
  });

  it('rejects a wrong key', () => {
    const { verifier, key, deviceSecret } = setup();
    const ch = verifier.issue('conn-1');
    const proof = proveChallenge(key, ch);
    const other = deriveRoomAuthKey(deviceSecret, 'room-b');
    rejects(() => verifier.verify(ch.nonce, other.publicKey, proof, ORIGIN), 'AUTH_BAD_PROOF');
  });

  it('rejects malformed proofs, keys and nonces', () => {
    const { verifier, key } = setup();
    for (const bad of [new Uint8Array(63), new Uint8Array(65), new Uint8Array(0)]) {
      const ch = verifier.issue('conn-x');
      rejects(() => verifier.verify(ch.nonce, key.publicKey, bad, ORIGIN), 'AUTH_MALFORMED_PROOF');
    }
    const ch = verifier.issue('conn-y');
    rejects(
      () => verifier.verify(ch.nonce, new Uint8Array(31), new Uint8Array(64), ORIGIN),
      'AUTH_MALFORMED_PROOF',
    );
    // the identity point (small order) is refused as a key
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const ch2 = verifier.issue('conn-y');
    rejects(() => verifier.verify(ch2.nonce, identity, new Uint8Array(64), ORIGIN), 'AUTH_MALFORMED_PROOF');
    rejects(
      () => verifier.verify(new Uint8Array(5), key.publicKey, new Uint8Array(64), ORIGIN),
      'AUTH_MALFORMED_PROOF',
    );
    rejects(
      () => verifier.verify(randomBytes(32), key.publicKey, new Uint8Array(64), ORIGIN),
      'AUTH_UNKNOWN_CHALLENGE',
    );
  });

  it('bounds memory: per connection and in total', () => {
    const { verifier } = setup({ maxOutstanding: 5, maxPerConnection: 2 });
    verifier.issue('c1');
    verifier.issue('c1');
    rejects(() => verifier.issue('c1'), 'AUTH_TOO_MANY_CHALLENGES');
    const first = verifier.issue('c2');
    for (let i = 0; i < 10; i++) verifier.issue(`d${i}`);
    assert.equal(verifier.size, 5);
    const { key } = setup();
    rejects(
      () => verifier.verify(first.nonce, key.publicKey, new Uint8Array(64), ORIGIN),
      'AUTH_UNKNOWN_CHALLENGE',
    );
    verifier.revokeConnection('d9');
    assert.equal(verifier.size, 4);
  });

  it('expired challenges are swept when new ones are issued', () => {
    const { verifier, advance } = setup({ ttlMs: 1000 });
    verifier.issue('c1');
    verifier.issue('c2');
    advance(2000);
    verifier.issue('c3');
    assert.equal(verifier.size, 1);
  });

  it('room keys are deterministic, distinct per room and per device, and never print secrets', () => {
    const secret = randomBytes(32);
    const a1 = deriveRoomAuthKey(secret, 'room-a');
    const a2 = deriveRoomAuthKey(secret, 'room-a');
    const b = deriveRoomAuthKey(secret, 'room-b');
    const other = deriveRoomAuthKey(randomBytes(32), 'room-a');
    assert.deepEqual(a1.publicKey, a2.publicKey);
    assert.notDeepEqual(a1.publicKey, b.publicKey);
    assert.notDeepEqual(a1.publicKey, other.publicKey);
    assert.match(String(a1), /^ed25519:[A-Za-z0-9+/]{43}=$/);
    const seedHex = toHex(a1.secretKey.expose());
    for (const printed of [
      String(a1),
      JSON.stringify(a1),
      inspect(a1),
      inspect(a1.secretKey),
      String(a1.secretKey),
    ]) {
      assert.ok(!printed.includes(seedHex));
    }
    assert.throws(() => deriveRoomAuthKey(new Uint8Array(16), 'r'), RangeError);
    assert.throws(() => deriveRoomAuthKey(secret, ''), RangeError);
  });

  it('challenge encoding is canonical (golden vector in docs/protocol.md)', () => {
    const ch: AuthChallenge = {
      origin: 'wss://relay.example.com',
      connId: 'c1',
      nonce: new Uint8Array(32).fill(0xab),
      issuedAt: 1_700_000_000_000,
    };
    const bytes = encodeChallenge(ch);
    assert.equal(
      toHex(bytes),
      `${toHex(new TextEncoder().encode('CrypTalk v1 auth challenge'))}00` +
        `0017${toHex(new TextEncoder().encode('wss://relay.example.com'))}` +
        `0002${toHex(new TextEncoder().encode('c1'))}${'ab'.repeat(32)}0000018bcfe56800`,
    );
    const key = deriveRoomAuthKey(new Uint8Array(32).fill(7), 'room-1');
    assert.equal(key.toString(), GOLDEN_ROOM_KEY);
  });

  it('the async (platform Ed25519) key and proof are byte-identical to the sync ones, and verify', async () => {
    const golden = await deriveRoomAuthKeyAsync(new Uint8Array(32).fill(7), 'room-1');
    assert.equal(golden.toString(), GOLDEN_ROOM_KEY);
    const { verifier, deviceSecret } = setup();
    for (const room of ['room-a', 'r\u00e9union', 'x'.repeat(255)]) {
      const sync = deriveRoomAuthKey(deviceSecret, room);
      const async = await deriveRoomAuthKeyAsync(deviceSecret, room);
      assert.deepEqual(async.publicKey, sync.publicKey);
      assert.deepEqual(async.secretKey.expose(), sync.secretKey.expose());
      const ch = verifier.issue('c1');
      const challenge: AuthChallenge = { ...ch, origin: ORIGIN };
      const proof = await proveChallengeAsync(async, challenge);
      assert.deepEqual(proof, proveChallenge(sync, challenge));
      assert.equal(verifier.verify(ch.nonce, async.publicKey, proof, ORIGIN, 'c1').connId, 'c1');
    }
    await assert.rejects(deriveRoomAuthKeyAsync(new Uint8Array(16), 'room'), RangeError);
    await assert.rejects(deriveRoomAuthKeyAsync(deviceSecret, ''), RangeError);
  });

  it('imports neither ts-mls nor post-quantum code (the relay depends on it alone)', () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/from '([^']+)'/g)) {
        const spec = m[1] as string;
        if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
        else
          assert.ok(
            /^@noble\/(curves|hashes)\//.test(spec),
            `auth imports ${spec} via ${path.basename(file)}`,
          );
      }
    };
    visit(path.join(here, 'index.ts'));
    assert.ok(seen.size >= 8);
  });
});

/** Room key of device secret 0x07*32 in room "room-1" (recorded in docs/protocol.md). */
const GOLDEN_ROOM_KEY = 'ed25519:LEP2KnHfzrqIaxwLPj9irahRbFpMPsQZy4Jhx3ruK48=';
