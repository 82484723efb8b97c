import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Contract, hexlify, type Wallet, ZeroAddress, zeroPadValue } from 'ethers';
import fc from 'fast-check';
import { type Fixture, setup } from './fixtures.js';

/**
 * Model-based tests of HTLC and PaymentChannel: random actions and time jumps; after every step the contract
 * holds exactly what is still locked (HTLC) or deposited and unpaid (channels), and every action succeeds
 * exactly when the model says it may.
 */

let f: Fixture;
let htlc: Contract;
let pc: Contract;

before(async () => {
  f = await setup();
  htlc = await f.chain.deploy('HTLC', f.deployer);
  pc = await f.chain.deploy('PaymentChannel', f.deployer);
});
after(async () => {
  await f?.chain.stop();
});

async function attemptTx(c: Contract, who: Wallet, method: string, ...args: unknown[]): Promise<boolean> {
  try {
    const tx = await (c.connect(who) as Contract).getFunction(method)(...args);
    await tx.wait();
    return true;
  } catch {
    return false;
  }
}

describe('HTLC model', () => {
  it('locks, claims (right or wrong secret), refunds and time jumps keep the balance equal to what is locked', async () => {
    let run = 0;
    const action = fc.oneof(
      fc.record({ kind: fc.constant('lock' as const), i: fc.integer({ min: 0, max: 2 }) }),
      fc.record({
        kind: fc.constant('claim' as const),
        i: fc.integer({ min: 0, max: 2 }),
        good: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('refund' as const), i: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant('wait' as const), s: fc.constantFrom(1, 50, 100, 200) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 16 }), async (actions) => {
        run++;
        const snap = await f.chain.snapshot();
        try {
          let now = (await f.chain.now()) + 5;
          const htlcAddr = await htlc.getAddress();
          const locks = [0, 1, 2].map((i) => {
            const secret = randomBytes(32);
            return {
              secret: hexlify(secret),
              status: 'none' as 'none' | 'locked' | 'done',
              lock: {
                sender: f.buyer.address,
                receiver: f.seller.address,
                token: ZeroAddress,
                amount: 1000n * BigInt(i + 1),
                hashlock: `0x${createHash('sha256').update(secret).digest('hex')}`,
                timelock: now + 100 + 50 * i,
                salt: zeroPadValue(`0x${(run * 4 + i).toString(16).padStart(8, '0')}`, 32),
              },
            };
          });
          for (const a of actions) {
            now += 1;
            if (a.kind === 'wait') {
              now += a.s;
              continue;
            }
            const m = locks[a.i]!;
            await f.chain.setNextTimestamp(now);
            let expected: boolean;
            let ok: boolean;
            if (a.kind === 'lock') {
              expected = m.status === 'none' && m.lock.timelock > now;
              ok = await attemptTx(htlc, f.buyer, 'lock', m.lock, { value: m.lock.amount });
              if (expected) m.status = 'locked';
            } else if (a.kind === 'claim') {
              expected = m.status === 'locked' && a.good && now <= m.lock.timelock;
              ok = await attemptTx(
                htlc,
                f.stranger,
                'claim',
                m.lock,
                a.good ? m.secret : hexlify(randomBytes(32)),
              );
              if (expected) m.status = 'done';
            } else {
              expected = m.status === 'locked' && now > m.lock.timelock;
              ok = await attemptTx(htlc, f.stranger, 'refund', m.lock);
              if (expected) m.status = 'done';
            }
            assert.equal(ok, expected, `${a.kind} on lock ${a.i}`);
            const locked = locks.filter((l) => l.status === 'locked').reduce((s, l) => s + l.lock.amount, 0n);
            assert.equal(await f.chain.provider.getBalance(htlcAddr), locked, 'balance = locked');
          }
        } finally {
          await f.chain.revert(snap);
        }
      }),
      { numRuns: 6, endOnFailure: true, includeErrorInReport: true },
    );
  });
});

describe('PaymentChannel model', () => {
  it('vouchers, closes, extensions, reclaims and time jumps keep the balance equal to deposits minus payments', async () => {
    const action = fc.oneof(
      fc.record({
        kind: fc.constantFrom('settle' as const, 'close' as const),
        amount: fc.integer({ min: 0, max: 1200 }),
      }),
      fc.record({
        kind: fc.constant('extend' as const),
        extra: fc.integer({ min: 0, max: 300 }),
        by: fc.integer({ min: 0, max: 100 }),
      }),
      fc.record({ kind: fc.constant('reclaim' as const) }),
      fc.record({ kind: fc.constant('wait' as const), s: fc.constantFrom(1, 100, 400) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 16 }), async (actions) => {
        const snap = await f.chain.snapshot();
        try {
          const pcAddr = await pc.getAddress();
          const { chainId } = await f.chain.provider.getNetwork();
          let now = (await f.chain.now()) + 5;
          const id: string = await pc.getFunction('nextChannelId')(f.buyer.address);
          await f.chain.setNextTimestamp(now);
          const m = { deposit: 1000n, paid: 0n, expiry: now + 300, closed: false, gone: false };
          assert.ok(
            await attemptTx(pc, f.buyer, 'open', f.seller.address, ZeroAddress, 1000n, m.expiry, {
              value: 1000n,
            }),
          );
          for (const a of actions) {
            now += 1;
            if (a.kind === 'wait') {
              now += a.s;
              continue;
            }
            await f.chain.setNextTimestamp(now);
            let expected: boolean;
            let ok: boolean;
            if (a.kind === 'settle' || a.kind === 'close') {
              const amount = BigInt(a.amount);
              const sig = await f.buyer.signTypedData(
                { name: 'CrypTalk PaymentChannel', version: '1', chainId, verifyingContract: pcAddr },
                {
                  Voucher: [
                    { name: 'channelId', type: 'bytes32' },
                    { name: 'amount', type: 'uint256' },
                  ],
                },
                { channelId: id, amount },
              );
              const closing = a.kind === 'close';
              expected =
                !m.gone &&
                !m.closed &&
                amount <= m.deposit &&
                (amount > m.paid || (closing && amount === m.paid));
              ok = await attemptTx(pc, f.seller, a.kind, id, amount, sig);
              if (expected) {
                m.paid = amount;
                m.closed = closing;
              }
            } else if (a.kind === 'extend') {
              const expiry = m.expiry + a.by;
              expected = !m.gone && !m.closed;
              ok = await attemptTx(pc, f.buyer, 'extend', id, BigInt(a.extra), expiry, {
                value: BigInt(a.extra),
              });
              if (expected) {
                m.deposit += BigInt(a.extra);
                m.expiry = expiry;
              }
            } else {
              expected = !m.gone && (m.closed || now > m.expiry);
              ok = await attemptTx(pc, f.buyer, 'reclaim', id);
              if (expected) m.gone = true;
            }
            assert.equal(ok, expected, a.kind);
            const held = m.gone ? 0n : m.deposit - m.paid;
            assert.equal(await f.chain.provider.getBalance(pcAddr), held, 'balance = deposit − paid');
          }
        } finally {
          await f.chain.revert(snap);
        }
      }),
      { numRuns: 6, endOnFailure: true, includeErrorInReport: true },
    );
  });
});
