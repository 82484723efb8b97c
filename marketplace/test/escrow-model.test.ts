import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ZeroAddress, zeroPadValue } from 'ethers';
import fc from 'fast-check';
import { type Fixture, makeTerms, State, setup, type Terms } from './fixtures.js';

/**
 * Model-based test: random sequences of escrow actions by random callers, mixed with time jumps, run against
 * the vault and against a few lines of TypeScript that say what should happen. After every step the two agree
 * on each escrow's state, and the vault's ETH and token balances equal what is locked plus what is owed.
 */

let f: Fixture;
let vaultAddr: string;
let tokenAddr: string;

before(async () => {
  f = await setup();
  vaultAddr = await f.vault.getAddress();
  tokenAddr = await f.token.getAddress();
});
after(async () => {
  await f?.chain.stop();
});

type Actor = 'buyer' | 'seller' | 'arbiter' | 'stranger';
type Action =
  | { kind: 'open' | 'expire' | 'autoRelease' | 'resolveByDefault'; escrow: number; actor: Actor }
  | { kind: 'ship' | 'release' | 'refund' | 'dispute' | 'withdraw'; escrow: number; actor: Actor }
  | { kind: 'rule'; escrow: number; actor: Actor; bps: number }
  | { kind: 'wait'; seconds: number };

interface ModelEscrow {
  terms: Terms;
  state: bigint;
  deadline: number;
  buyerBps: number;
  buyerIn: bigint;
  sellerIn: bigint;
  buyerPaid: boolean;
  sellerPaid: boolean;
}

const ESCROWS = 3;
const DAY = 86_400;

const actorArb = fc.constantFrom<Actor>('buyer', 'seller', 'arbiter', 'stranger');
const escrowArb = fc.integer({ min: 0, max: ESCROWS - 1 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constantFrom(
      'open',
      'ship',
      'release',
      'refund',
      'dispute',
      'withdraw',
      'expire',
      'autoRelease',
      'resolveByDefault',
    ),
    escrow: escrowArb,
    actor: actorArb,
  }) as fc.Arbitrary<Action>,
  fc.record({
    kind: fc.constant('rule' as const),
    escrow: escrowArb,
    actor: actorArb,
    bps: fc.integer({ min: 0, max: 10_000 }),
  }),
  fc.record({
    kind: fc.constant('wait' as const),
    seconds: fc.constantFrom(1, 3_600, DAY, 3 * DAY, 8 * DAY),
  }),
);

function shares(e: ModelEscrow): [bigint, bigint] {
  const t = e.terms;
  if (e.state === State.Released) {
    const b = t.buyerDeposit === 0n ? 0n : (e.buyerIn * t.buyerDeposit) / (t.amount + t.buyerDeposit);
    return [b, e.buyerIn + e.sellerIn - b];
  }
  if (e.state === State.Refunded || e.state === State.Expired) return [e.buyerIn, e.sellerIn];
  if (e.state === State.Resolved) {
    const pool = e.buyerIn + e.sellerIn;
    const b = (pool * BigInt(e.buyerBps)) / 10_000n;
    return [b, pool - b];
  }
  return [0n, 0n];
}

/** Applies an action to the model at time `now`; returns false when the contract must refuse it. */
function step(e: ModelEscrow, a: Exclude<Action, { kind: 'wait' }>, now: number): boolean {
  const t = e.terms;
  const open = e.state === State.Funded || e.state === State.Shipped;
  const final = [State.Released, State.Refunded, State.Resolved, State.Expired].includes(e.state as never);
  switch (a.kind) {
    case 'open':
      if (e.state !== State.None || t.shipBy < now) return false;
      // Anyone may pay for the buyer; only buyer and seller hold (and approved) test tokens.
      if (t.token !== ZeroAddress && a.actor !== 'buyer' && a.actor !== 'seller') return false;
      e.state = State.Funded;
      e.deadline = t.shipBy;
      e.buyerIn = t.amount + t.buyerDeposit;
      return true;
    case 'ship':
      if (a.actor !== 'seller' || e.state !== State.Funded || now > e.deadline) return false;
      e.state = State.Shipped;
      e.deadline = now + t.inspectionPeriod;
      e.sellerIn = t.sellerDeposit;
      return true;
    case 'release':
      if (a.actor !== 'buyer' || !open) return false;
      e.state = State.Released;
      return true;
    case 'refund':
      if (a.actor !== 'seller' || !open) return false;
      e.state = State.Refunded;
      return true;
    case 'dispute':
      if ((a.actor !== 'buyer' && a.actor !== 'seller') || !open || now > e.deadline) return false;
      e.state = State.Disputed;
      e.deadline = now + t.arbitrationPeriod;
      return true;
    case 'rule':
      if (a.actor !== 'arbiter' || e.state !== State.Disputed || now > e.deadline) return false;
      e.state = State.Resolved;
      e.buyerBps = a.bps;
      return true;
    case 'expire':
      if (e.state !== State.Funded || now <= e.deadline) return false;
      e.state = State.Expired;
      return true;
    case 'autoRelease':
      if (e.state !== State.Shipped || now <= e.deadline) return false;
      e.state = State.Released;
      return true;
    case 'resolveByDefault':
      if (e.state !== State.Disputed || now <= e.deadline) return false;
      e.state = State.Resolved;
      e.buyerBps = t.defaultBuyerBps;
      return true;
    case 'withdraw':
      if (!final) return false;
      if (a.actor === 'buyer' && !e.buyerPaid) e.buyerPaid = true;
      else if (a.actor === 'seller' && !e.sellerPaid) e.sellerPaid = true;
      else return false;
      return true;
  }
}

/** What the vault must hold for one escrow: everything while open, the unpaid shares once final. */
function held(e: ModelEscrow): bigint {
  if (e.state === State.None) return 0n;
  if (e.state === State.Funded || e.state === State.Shipped || e.state === State.Disputed)
    return e.buyerIn + e.sellerIn;
  const [b, s] = shares(e);
  return (e.buyerPaid ? 0n : b) + (e.sellerPaid ? 0n : s);
}

describe('EscrowVault model', () => {
  it('random action sequences keep the vault equal to the model and fully backed', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(actionArb, { minLength: 4, maxLength: 24 }), async (actions) => {
        run++;
        const snap = await f.chain.snapshot();
        try {
          let now = (await f.chain.now()) + 10;
          const escrows: ModelEscrow[] = [];
          for (let i = 0; i < ESCROWS; i++) {
            const terms = makeTerms(f, now, {
              token: i === 1 ? tokenAddr : ZeroAddress,
              buyerDeposit: i === 2 ? 3n * 10n ** 16n : 0n,
              sellerDeposit: i === 0 ? 0n : 10n ** 16n + BigInt(i),
              shipBy: now + 2 * DAY,
              defaultBuyerBps: 3_333 * i,
              salt: zeroPadValue(`0x${(run * 16 + i).toString(16).padStart(8, '0')}`, 32),
            });
            escrows.push({
              terms,
              state: State.None,
              deadline: 0,
              buyerBps: 0,
              buyerIn: 0n,
              sellerIn: 0n,
              buyerPaid: false,
              sellerPaid: false,
            });
          }
          for (const a of actions) {
            now += 1;
            if (a.kind === 'wait') {
              now += a.seconds;
              continue;
            }
            const e = escrows[a.escrow]!;
            const expected = step(e, a, now);
            await f.chain.setNextTimestamp(now);
            const who = f[a.actor];
            const isEth = e.terms.token === ZeroAddress;
            const value =
              a.kind === 'open' && isEth
                ? e.terms.amount + e.terms.buyerDeposit
                : a.kind === 'ship' && isEth
                  ? e.terms.sellerDeposit
                  : 0n;
            const args: unknown[] = a.kind === 'rule' ? [e.terms, a.bps] : [e.terms];
            let ok = true;
            try {
              const tx = await f.vault.connect(who).getFunction(a.kind)(...args, { value });
              await tx.wait();
            } catch {
              ok = false;
            }
            assert.equal(ok, expected, `${a.kind} by ${a.actor} on escrow ${a.escrow} at state ${e.state}`);
            for (const m of escrows) {
              const [state, deadline] = await f.vault.getFunction('getEscrow')(
                await f.vault.getFunction('escrowId')(m.terms),
              );
              assert.equal(state, m.state, 'state matches the model');
              if (m.state !== State.None)
                assert.equal(Number(deadline), m.deadline, 'deadline matches the model');
            }
            const ethHeld = escrows
              .filter((m) => m.terms.token === ZeroAddress)
              .reduce((s, m) => s + held(m), 0n);
            const tokenHeld = escrows
              .filter((m) => m.terms.token !== ZeroAddress)
              .reduce((s, m) => s + held(m), 0n);
            assert.equal(await f.chain.provider.getBalance(vaultAddr), ethHeld, 'ETH = locked + owed');
            assert.equal(
              await f.token.getFunction('balanceOf')(vaultAddr),
              tokenHeld,
              'tokens = locked + owed',
            );
          }
        } finally {
          await f.chain.revert(snap);
        }
      }),
      { numRuns: 12, endOnFailure: true, includeErrorInReport: true },
    );
  });
});
