import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { ChallengeVerifier, deriveRoomAuthKey, proveChallenge } from '@cryptalk/sdk/auth';
import { decodeServerFrame, fromBase64url, type Proof, toBase64url } from '@cryptalk/sdk/protocol';
import fc from 'fast-check';
import type { Conn } from '../transport/index.js';
import { Session } from './session.js';

const ORIGIN = 'ws://127.0.0.1:1';
const MAX_FAILURES = 3;

/** A connection that records what the session sends and whether it was closed. */
function fakeConn(): Conn & { sent: string[]; closedWith?: number } {
  const c = {
    ip: 'test',
    sent: [] as string[],
    closedWith: undefined as number | undefined,
    get open() {
      return c.closedWith === undefined;
    },
    send: (t: string | Buffer) => {
      c.sent.push(t.toString());
    },
    sendDroppable: (t: string) => {
      c.sent.push(t);
      return true;
    },
    close: (code: number) => {
      c.closedWith = code;
    },
  };
  return c;
}

type Action = 'good' | 'bad' | 'replay' | 'challenge';

test('session state machine: a model of proofs, replays and failures (fast-check)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom<Action>('good', 'bad', 'replay', 'challenge'), { maxLength: 12 }),
      async (actions) => {
        const verifier = new ChallengeVerifier({ origin: ORIGIN });
        const conn = fakeConn();
        const session = new Session(conn, {
          verifier,
          origin: ORIGIN,
          requireAuth: true,
          handshakeTimeoutMs: 60_000,
          maxAuthFailures: MAX_FAILURES,
          now: Date.now,
          onAuthenticated: () => {},
          onForcedClose: () => {},
        });
        const key = deriveRoomAuthKey(randomBytes(32), 'room');
        const challenges = () =>
          conn.sent.map((t) => decodeServerFrame(t)).filter((f) => f.t === 'challenge') as {
            connId: string;
            nonce: string;
            issuedAt: number;
          }[];
        const unused = [...challenges()];
        let used: Proof | undefined;
        // The model.
        let authenticated = false;
        let failures = 0;
        const prove = (): Proof | undefined => {
          const ch = unused.shift();
          if (!ch) return undefined;
          const sig = proveChallenge(key, {
            origin: ORIGIN,
            connId: ch.connId,
            nonce: fromBase64url(ch.nonce),
            issuedAt: ch.issuedAt,
          });
          return { nonce: ch.nonce, key: toBase64url(key.publicKey), sig: toBase64url(sig) };
        };
        for (const a of actions) {
          if (failures >= MAX_FAILURES) break;
          if (a === 'challenge') {
            // At most 4 challenges may be outstanding per connection: ask only while below that.
            if (unused.length < 4) {
              session.issueChallenge(undefined);
              const all = challenges();
              unused.push(all[all.length - 1] as (typeof all)[number]);
            }
            continue;
          }
          const p = a === 'replay' ? used : prove();
          if (!p) continue;
          const attempt = a === 'bad' ? { ...p, sig: `${p.sig[0] === 'A' ? 'B' : 'A'}${p.sig.slice(1)}` } : p;
          let ok = true;
          try {
            assert.equal(session.verify(attempt), p.key);
          } catch {
            ok = false;
          }
          const expected = a === 'good';
          assert.equal(ok, expected, `${a} proof ${expected ? 'accepted' : 'refused'}`);
          if (ok) authenticated = true;
          else failures++;
          used = p;
          assert.equal(session.authenticated, authenticated);
        }
        await new Promise((r) => setImmediate(r));
        assert.equal(
          conn.closedWith !== undefined,
          failures >= MAX_FAILURES,
          'closed exactly when failures reach the limit',
        );
        session.end();
        assert.equal(verifier.size, 0, 'ending the session forgets its challenges');
      },
    ),
    { numRuns: 60 },
  );
});
