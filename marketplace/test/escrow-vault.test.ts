import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Signature, type Wallet, ZeroAddress, zeroPadValue } from 'ethers';
import { attempt, type Fixture, makeTerms, State, send, setup, type Terms } from './fixtures.js';

let f: Fixture;
let snap: string;
let vaultAddr: string;

before(async () => {
  f = await setup();
  vaultAddr = await f.vault.getAddress();
  snap = await f.chain.snapshot();
});
after(async () => {
  await f?.chain.stop();
});
beforeEach(async () => {
  await f.chain.revert(snap);
  snap = await f.chain.snapshot();
});

const id = (t: Terms): Promise<string> => f.vault.getFunction('escrowId')(t);
const stateOf = async (t: Terms): Promise<bigint> => (await f.vault.getFunction('getEscrow')(await id(t)))[0];

async function openEth(overrides: Partial<Terms> = {}): Promise<Terms> {
  const t = makeTerms(f, await f.chain.now(), overrides);
  await send(f.vault, f.buyer, 'open', t, { value: t.amount + t.buyerDeposit });
  return t;
}

/** Brings an ETH escrow to the given state through the normal path. */
async function reach(state: bigint, overrides: Partial<Terms> = {}): Promise<Terms> {
  const t = await openEth(overrides);
  if (state === State.Funded) return t;
  if (state === State.Expired) {
    await f.chain.setNextTimestamp(t.shipBy + 1);
    await send(f.vault, f.stranger, 'expire', t);
    return t;
  }
  if (state === State.Refunded) {
    await send(f.vault, f.seller, 'refund', t);
    return t;
  }
  await send(f.vault, f.seller, 'ship', t, { value: t.sellerDeposit });
  if (state === State.Shipped) return t;
  if (state === State.Released) {
    await send(f.vault, f.buyer, 'release', t);
    return t;
  }
  await send(f.vault, f.buyer, 'dispute', t);
  if (state === State.Disputed) return t;
  await send(f.vault, f.arbiter, 'rule', t, 2_500);
  return t;
}

async function withdrawn(t: Terms, who: Wallet): Promise<bigint> {
  const receipt = await send(f.vault, who, 'withdraw', t);
  const log = receipt.logs
    .map((l) => f.vault.interface.parseLog(l))
    .find((l) => l?.name === 'EscrowWithdrawn');
  assert.ok(log, 'EscrowWithdrawn emitted');
  return log.args.amount as bigint;
}

describe('EscrowVault: open', () => {
  it('opens an ETH escrow, emits EscrowOpened with the terms and holds the payment', async () => {
    const t = makeTerms(f, await f.chain.now());
    const receipt = await send(f.vault, f.buyer, 'open', t, { value: t.amount });
    const log = f.vault.interface.parseLog(receipt.logs[0]!);
    assert.equal(log?.name, 'EscrowOpened');
    assert.equal(log?.args.id, await id(t));
    assert.equal(log?.args.terms.seller, f.seller.address);
    assert.equal(await stateOf(t), State.Funded);
    assert.equal(await f.chain.provider.getBalance(vaultAddr), t.amount);
  });

  it('refuses a wrong msg.value, duplicate terms and every inconsistent term', async () => {
    const now = await f.chain.now();
    const t = makeTerms(f, now);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.buyer, 'open', t, { value: 1n })), {
      name: 'EscrowVaultWrongValue',
      args: [t.amount, 1n],
    });
    await send(f.vault, f.buyer, 'open', t, { value: t.amount });
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.buyer, 'open', t, { value: t.amount })), {
      name: 'EscrowVaultAlreadyExists',
      args: [await id(t)],
    });
    const bad: [Partial<Terms>, string][] = [
      [{ buyer: ZeroAddress }, 'buyer'],
      [{ seller: f.buyer.address }, 'seller'],
      [{ arbiter: f.seller.address }, 'arbiter'],
      [{ amount: 0n }, 'amount'],
      [{ shipBy: now - 10 }, 'shipBy'],
      [{ defaultBuyerBps: 10_001 }, 'defaultBuyerBps'],
      [{ titleToken: f.seller.address, sellerDeposit: 1n }, 'sellerDeposit'],
    ];
    for (const [o, reason] of bad) {
      const tb = makeTerms(f, now, { ...o, salt: zeroPadValue('0x01', 32) });
      const err = await f.revertOf(attempt(f.vault, f.buyer, 'open', tb, { value: tb.amount }));
      assert.deepEqual(err, { name: 'EscrowVaultInvalidTerms', args: [reason] }, reason);
    }
  });

  it('opens an ERC-20 escrow with deposits and refuses ETH sent along', async () => {
    const t = makeTerms(f, await f.chain.now(), {
      token: await f.token.getAddress(),
      buyerDeposit: 5n,
      sellerDeposit: 7n,
    });
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.buyer, 'open', t, { value: 1n })), {
      name: 'EscrowVaultWrongValue',
      args: [0n, 1n],
    });
    await send(f.vault, f.buyer, 'open', t);
    await send(f.vault, f.seller, 'ship', t);
    assert.equal(await f.token.getFunction('balanceOf')(vaultAddr), t.amount + 12n);
    await send(f.vault, f.buyer, 'release', t);
    assert.equal(await withdrawn(t, f.seller), t.amount + 7n);
    assert.equal(await withdrawn(t, f.buyer), 5n);
    assert.equal(await f.token.getFunction('balanceOf')(vaultAddr), 0n);
  });
});

describe('EscrowVault: who may do what', () => {
  const transitions: { method: string; from: bigint; allowed: string[]; args?: unknown[]; to: bigint }[] = [
    { method: 'ship', from: State.Funded, allowed: ['seller'], to: State.Shipped },
    { method: 'release', from: State.Funded, allowed: ['buyer'], to: State.Released },
    { method: 'release', from: State.Shipped, allowed: ['buyer'], to: State.Released },
    { method: 'refund', from: State.Funded, allowed: ['seller'], to: State.Refunded },
    { method: 'refund', from: State.Shipped, allowed: ['seller'], to: State.Refunded },
    { method: 'dispute', from: State.Funded, allowed: ['buyer', 'seller'], to: State.Disputed },
    { method: 'dispute', from: State.Shipped, allowed: ['buyer', 'seller'], to: State.Disputed },
    { method: 'rule', from: State.Disputed, allowed: ['arbiter'], args: [10_000], to: State.Resolved },
  ];
  for (const tr of transitions) {
    for (const role of ['buyer', 'seller', 'arbiter', 'stranger'] as const) {
      const ok = tr.allowed.includes(role);
      it(`${tr.method} from ${Object.keys(State)[Number(tr.from)]} by the ${role} ${ok ? 'succeeds' : 'is refused'}`, async () => {
        const t = await reach(tr.from);
        const who = f[role];
        if (ok) {
          await send(f.vault, who, tr.method, t, ...(tr.args ?? []));
          assert.equal(await stateOf(t), tr.to);
        } else {
          const err = await f.revertOf(attempt(f.vault, who, tr.method, t, ...(tr.args ?? [])));
          assert.deepEqual(err, { name: 'EscrowVaultUnauthorized', args: [await id(t), who.address] });
          assert.equal(await stateOf(t), tr.from);
        }
      });
    }
  }

  it('a contract arbiter (multisig stand-in) can rule', async () => {
    const wallet = await f.chain.deploy('TestWallet', f.arbiter, f.arbiter.address);
    const t = await reach(State.Disputed, { arbiter: await wallet.getAddress() });
    const data = f.vault.interface.encodeFunctionData('rule', [t, 4_000]);
    await send(wallet, f.arbiter, 'execute', vaultAddr, 0n, data);
    assert.equal(await stateOf(t), State.Resolved);
    assert.equal(await withdrawn(t, f.buyer), (t.amount * 4_000n) / 10_000n);
    assert.equal(await withdrawn(t, f.seller), t.amount - (t.amount * 4_000n) / 10_000n);
  });
});

describe('EscrowVault: terminal states stay terminal and nothing pays twice', () => {
  for (const terminal of [State.Released, State.Refunded, State.Resolved, State.Expired]) {
    it(`${Object.keys(State)[Number(terminal)]} refuses every transition`, async () => {
      const t = await reach(terminal);
      const escrow = await id(t);
      const calls: [Wallet, string, unknown[]][] = [
        [f.seller, 'ship', [t]],
        [f.buyer, 'release', [t]],
        [f.seller, 'refund', [t]],
        [f.buyer, 'dispute', [t]],
        [f.arbiter, 'rule', [t, 0]],
        [f.stranger, 'expire', [t]],
        [f.stranger, 'autoRelease', [t]],
        [f.stranger, 'resolveByDefault', [t]],
      ];
      await f.chain.increaseTime(30 * 86_400);
      for (const [who, method, args] of calls) {
        const err = await f.revertOf(attempt(f.vault, who, method, ...args));
        assert.deepEqual(err, { name: 'EscrowVaultInvalidState', args: [escrow, terminal] }, method);
      }
      const b1 = await withdrawn(t, f.buyer);
      const s1 = await withdrawn(t, f.seller);
      assert.equal(b1 + s1, t.amount);
      for (const who of [f.buyer, f.seller, f.stranger, f.arbiter]) {
        assert.deepEqual(await f.revertOf(attempt(f.vault, who, 'withdraw', t)), {
          name: 'EscrowVaultNothingToWithdraw',
          args: [escrow, who.address],
        });
      }
      assert.equal(await f.chain.provider.getBalance(vaultAddr), 0n);
    });
  }

  it('withdraw before the escrow is final is refused', async () => {
    for (const s of [State.Funded, State.Shipped, State.Disputed]) {
      const t = await reach(s, { salt: zeroPadValue(`0x0${s}`, 32) });
      assert.deepEqual(await f.revertOf(attempt(f.vault, f.seller, 'withdraw', t)), {
        name: 'EscrowVaultInvalidState',
        args: [await id(t), s],
      });
    }
  });

  it('payouts per final state: release, refund, expiry and a split ruling with deposits', async () => {
    const deposits = { buyerDeposit: 10n ** 17n, sellerDeposit: 2n * 10n ** 17n };
    const rel = await reach(State.Released, { ...deposits, salt: zeroPadValue('0x01', 32) });
    assert.equal(await withdrawn(rel, f.seller), rel.amount + deposits.sellerDeposit);
    assert.equal(await withdrawn(rel, f.buyer), deposits.buyerDeposit);
    const ref = await openEth({ ...deposits, salt: zeroPadValue('0x02', 32) });
    await send(f.vault, f.seller, 'ship', ref, { value: deposits.sellerDeposit });
    await send(f.vault, f.seller, 'refund', ref);
    assert.equal(await withdrawn(ref, f.buyer), ref.amount + deposits.buyerDeposit);
    assert.equal(await withdrawn(ref, f.seller), deposits.sellerDeposit);
    const res = await reach(State.Resolved, { ...deposits, salt: zeroPadValue('0x03', 32) });
    const pool = res.amount + deposits.buyerDeposit + deposits.sellerDeposit;
    assert.equal(await withdrawn(res, f.buyer), (pool * 2_500n) / 10_000n);
    assert.equal(await withdrawn(res, f.seller), pool - (pool * 2_500n) / 10_000n);
    assert.equal(await f.chain.provider.getBalance(vaultAddr), 0n);
  });
});

describe('EscrowVault: deadlines at exactly t and ±1 s', () => {
  it('ship is allowed at shipBy and refused at shipBy + 1; expire the other way round', async () => {
    const a = await openEth({ salt: zeroPadValue('0x01', 32) });
    const b = await openEth({ shipBy: a.shipBy, salt: zeroPadValue('0x02', 32) });
    await f.chain.setNextTimestamp(a.shipBy - 1);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.stranger, 'expire', a)), {
      name: 'EscrowVaultDeadlineNotReached',
      args: [await id(a), BigInt(a.shipBy), BigInt(a.shipBy - 1)],
    });
    await f.chain.setNextTimestamp(a.shipBy);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.stranger, 'expire', a)), {
      name: 'EscrowVaultDeadlineNotReached',
      args: [await id(a), BigInt(a.shipBy), BigInt(a.shipBy)],
    });
    await f.chain.setNextTimestamp(a.shipBy);
    await send(f.vault, f.seller, 'ship', a);
    await f.chain.setNextTimestamp(a.shipBy + 1);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.seller, 'ship', b)), {
      name: 'EscrowVaultDeadlinePassed',
      args: [await id(b), BigInt(b.shipBy), BigInt(b.shipBy + 1)],
    });
    await f.chain.setNextTimestamp(b.shipBy + 1);
    await send(f.vault, f.stranger, 'expire', b);
    assert.equal(await stateOf(b), State.Expired);
    assert.equal(await withdrawn(b, f.buyer), b.amount);
  });

  it('dispute is allowed until the inspection end; autoRelease only after it', async () => {
    const t = await openEth();
    const receipt = await send(f.vault, f.seller, 'ship', t);
    const shippedAt = (await f.chain.provider.getBlock(receipt.blockNumber))!.timestamp;
    const end = shippedAt + t.inspectionPeriod;
    await f.chain.setNextTimestamp(end);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.stranger, 'autoRelease', t)), {
      name: 'EscrowVaultDeadlineNotReached',
      args: [await id(t), BigInt(end), BigInt(end)],
    });
    const snapshot = await f.chain.snapshot();
    await f.chain.setNextTimestamp(end);
    await send(f.vault, f.buyer, 'dispute', t);
    assert.equal(await stateOf(t), State.Disputed);
    await f.chain.revert(snapshot);
    await f.chain.setNextTimestamp(end + 1);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.buyer, 'dispute', t)), {
      name: 'EscrowVaultDeadlinePassed',
      args: [await id(t), BigInt(end), BigInt(end + 1)],
    });
    await f.chain.setNextTimestamp(end + 1);
    await send(f.vault, f.stranger, 'autoRelease', t);
    assert.equal(await stateOf(t), State.Released);
    assert.equal(await withdrawn(t, f.seller), t.amount);
  });

  it('the arbiter may rule until the ruling deadline; then the default split applies', async () => {
    const t = await reach(State.Shipped, { defaultBuyerBps: 7_000 });
    const receipt = await send(f.vault, f.seller, 'dispute', t);
    const ruleBy = (await f.chain.provider.getBlock(receipt.blockNumber))!.timestamp + t.arbitrationPeriod;
    await f.chain.setNextTimestamp(ruleBy);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.stranger, 'resolveByDefault', t)), {
      name: 'EscrowVaultDeadlineNotReached',
      args: [await id(t), BigInt(ruleBy), BigInt(ruleBy)],
    });
    await f.chain.setNextTimestamp(ruleBy);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.arbiter, 'rule', t, 10_001)), {
      name: 'EscrowVaultInvalidBps',
      args: [10_001n],
    });
    await f.chain.setNextTimestamp(ruleBy + 1);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.arbiter, 'rule', t, 0)), {
      name: 'EscrowVaultDeadlinePassed',
      args: [await id(t), BigInt(ruleBy), BigInt(ruleBy + 1)],
    });
    await f.chain.setNextTimestamp(ruleBy + 1);
    await send(f.vault, f.stranger, 'resolveByDefault', t);
    const [state, , bps] = await f.vault.getFunction('getEscrow')(await id(t));
    assert.equal(state, State.Resolved);
    assert.equal(bps, 7_000n);
    assert.equal(await withdrawn(t, f.buyer), (t.amount * 7_000n) / 10_000n);
  });
});

describe('EscrowVault: mutual settlement', () => {
  async function sign(signer: Wallet, escrow: string, buyerBps: number, deadline: number, domain = {}) {
    const net = await f.chain.provider.getNetwork();
    return signer.signTypedData(
      {
        name: 'CrypTalk EscrowVault',
        version: '1',
        chainId: net.chainId,
        verifyingContract: vaultAddr,
        ...domain,
      },
      {
        Settlement: [
          { name: 'escrowId', type: 'bytes32' },
          { name: 'buyerBps', type: 'uint16' },
          { name: 'deadline', type: 'uint256' },
        ],
      },
      { escrowId: escrow, buyerBps, deadline },
    );
  }

  it('a split signed by both parties resolves the escrow; anyone may submit it', async () => {
    const t = await reach(State.Shipped);
    const escrow = await id(t);
    const deadline = (await f.chain.now()) + 3600;
    const bs = await sign(f.buyer, escrow, 6_000, deadline);
    const ss = await sign(f.seller, escrow, 6_000, deadline);
    await send(f.vault, f.stranger, 'settle', t, 6_000, deadline, bs, ss);
    assert.equal(await stateOf(t), State.Resolved);
    assert.equal(await withdrawn(t, f.buyer), (t.amount * 6_000n) / 10_000n);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.stranger, 'settle', t, 6_000, deadline, bs, ss)), {
      name: 'EscrowVaultInvalidState',
      args: [escrow, State.Resolved],
    });
  });

  it('rejects wrong chain, wrong contract, wrong signer, other terms, expiry, high-s and malformed signatures', async () => {
    const t = await reach(State.Disputed);
    const escrow = await id(t);
    const deadline = (await f.chain.now()) + 3600;
    const ss = await sign(f.seller, escrow, 5_000, deadline);
    const good = await sign(f.buyer, escrow, 5_000, deadline);
    const bad = async (sig: string, label: string) => {
      const err = await f.revertOf(attempt(f.vault, f.stranger, 'settle', t, 5_000, deadline, sig, ss));
      assert.deepEqual(err, { name: 'EscrowVaultInvalidSignature', args: [escrow, f.buyer.address] }, label);
    };
    await bad(await sign(f.buyer, escrow, 5_000, deadline, { chainId: 1n }), 'wrong chain');
    await bad(
      await sign(f.buyer, escrow, 5_000, deadline, { verifyingContract: f.stranger.address }),
      'wrong contract',
    );
    await bad(await sign(f.stranger, escrow, 5_000, deadline), 'wrong signer');
    await bad(await sign(f.buyer, escrow, 4_000, deadline), 'other split');
    const s = Signature.from(good);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const highS = `${s.r}${(n - BigInt(s.s)).toString(16).padStart(64, '0')}${s.v === 27 ? '1c' : '1b'}`;
    await bad(highS, 'high-s');
    await bad(`${good.slice(0, 10)}`, 'malformed (short)');
    await bad(`${good}00`, 'malformed (long)');
    await f.chain.setNextTimestamp(deadline + 1);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.stranger, 'settle', t, 5_000, deadline, good, ss)), {
      name: 'EscrowVaultSettlementExpired',
      args: [escrow, BigInt(deadline)],
    });
  });

  it('accepts an ERC-1271 contract party', async () => {
    const wallet = await f.chain.deploy('TestWallet', f.buyer, f.buyer.address);
    const t = makeTerms(f, await f.chain.now(), { buyer: await wallet.getAddress() });
    await send(f.vault, f.stranger, 'open', t, { value: t.amount });
    const escrow = await id(t);
    const deadline = (await f.chain.now()) + 3600;
    await send(
      f.vault,
      f.stranger,
      'settle',
      t,
      10_000,
      deadline,
      await sign(f.buyer, escrow, 10_000, deadline),
      await sign(f.seller, escrow, 10_000, deadline),
    );
    assert.equal(await stateOf(t), State.Resolved);
  });
});

describe('EscrowVault: ERC-721 asset titles', () => {
  async function titled(tokenId: bigint): Promise<Terms> {
    await send(f.title, f.deployer, 'mint', f.seller.address, tokenId);
    const t = makeTerms(f, await f.chain.now(), {
      titleToken: await f.title.getAddress(),
      titleId: tokenId,
      salt: zeroPadValue(`0x${tokenId.toString(16).padStart(2, '0')}`, 32),
    });
    await send(f.vault, f.buyer, 'open', t, { value: t.amount });
    return t;
  }
  const coder = () => f.vault.interface.getFunction('escrowId')!.inputs[0]!;
  const encodeTerms = (t: Terms) => f.vault.interface.getAbiCoder().encode([coder()], [t]);

  it('ships by safeTransferFrom with the terms; release sends the title to the buyer', async () => {
    const t = await titled(1n);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.seller, 'ship', t)), {
      name: 'EscrowVaultTitleRequired',
      args: [await id(t)],
    });
    const safe = 'safeTransferFrom(address,address,uint256,bytes)';
    await send(f.title, f.seller, safe, f.seller.address, vaultAddr, 1n, encodeTerms(t));
    assert.equal(await stateOf(t), State.Shipped);
    await send(f.vault, f.buyer, 'release', t);
    await send(f.vault, f.buyer, 'withdraw', t);
    assert.equal(await f.title.getFunction('ownerOf')(1n), f.buyer.address);
    assert.equal(await withdrawn(t, f.seller), t.amount);
  });

  it('refund returns the title to the seller; an unexpected NFT is refused', async () => {
    const t = await titled(2n);
    const safe = 'safeTransferFrom(address,address,uint256,bytes)';
    await send(f.title, f.deployer, 'mint', f.seller.address, 3n);
    assert.deepEqual(
      await f.revertOf(attempt(f.title, f.seller, safe, f.seller.address, vaultAddr, 3n, encodeTerms(t))),
      {
        name: 'EscrowVaultUnexpectedTitle',
        args: [await f.title.getAddress(), 3n],
      },
    );
    assert.deepEqual(
      await f.revertOf(attempt(f.title, f.seller, safe, f.seller.address, vaultAddr, 3n, '0x')),
      {
        name: 'EscrowVaultUnexpectedTitle',
        args: [await f.title.getAddress(), 3n],
      },
    );
    await send(f.title, f.seller, safe, f.seller.address, vaultAddr, 2n, encodeTerms(t));
    await send(f.vault, f.seller, 'refund', t);
    await send(f.vault, f.seller, 'withdraw', t);
    assert.equal(await f.title.getFunction('ownerOf')(2n), f.seller.address);
    assert.equal(await withdrawn(t, f.buyer), t.amount);
  });
});
