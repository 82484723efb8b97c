import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Contract, hexlify, type Wallet, ZeroHash } from 'ethers';
import { attempt, type Fixture, makeTerms, send, setup, type Terms } from './fixtures.js';

let f: Fixture;
let snap: string;
let vaultAddr: string;
const zoo: Record<string, Contract> = {};

before(async () => {
  f = await setup();
  vaultAddr = await f.vault.getAddress();
  for (const name of ['FeeToken', 'NoReturnToken', 'FalseToken', 'RevertingToken', 'RebasingToken']) {
    const t = await f.chain.deploy(name, f.deployer);
    zoo[name] = t;
    for (const w of [f.buyer, f.seller]) {
      await send(t, f.deployer, 'mint', w.address, 10n ** 21n);
      await send(t, w, 'approve', vaultAddr, 10n ** 30n);
    }
  }
  snap = await f.chain.snapshot();
});
after(async () => {
  await f?.chain.stop();
});
beforeEach(async () => {
  await f.chain.revert(snap);
  snap = await f.chain.snapshot();
});

const AMOUNT = 10n ** 18n;
const balance = (t: Contract, who: string): Promise<bigint> => t.getFunction('balanceOf')(who);

async function openWith(name: string, overrides: Partial<Terms> = {}): Promise<Terms> {
  const token = zoo[name]!;
  const t = makeTerms(f, await f.chain.now(), {
    token: await token.getAddress(),
    amount: AMOUNT,
    ...overrides,
  });
  await send(f.vault, f.buyer, 'open', t);
  return t;
}

async function releaseAndWithdraw(t: Terms, who: Wallet = f.seller): Promise<void> {
  await send(f.vault, f.buyer, 'release', t);
  await send(f.vault, who, 'withdraw', t);
}

describe('token zoo', () => {
  it('fee-on-transfer: the escrow credits what arrived and pays out exactly that', async () => {
    const fee = zoo.FeeToken!;
    const t = await openWith('FeeToken');
    const [, , , buyerIn] = await f.vault.getFunction('getEscrow')(await f.vault.getFunction('escrowId')(t));
    assert.equal(buyerIn, AMOUNT - AMOUNT / 100n);
    assert.equal(await balance(fee, vaultAddr), buyerIn);
    const before = await balance(fee, f.seller.address);
    await releaseAndWithdraw(t);
    assert.equal(await balance(fee, vaultAddr), 0n);
    assert.equal((await balance(fee, f.seller.address)) - before, buyerIn - buyerIn / 100n);
  });

  it('no-return (USDT-like) tokens work through SafeERC20', async () => {
    const token = zoo.NoReturnToken!;
    const t = await openWith('NoReturnToken');
    assert.equal(await balance(token, vaultAddr), AMOUNT);
    await releaseAndWithdraw(t);
    assert.equal(await balance(token, vaultAddr), 0n);
  });

  it('false-returning tokens: a failed pull is refused with SafeERC20FailedOperation, a good one works', async () => {
    const token = zoo.FalseToken!;
    const t = makeTerms(f, await f.chain.now(), { token: await token.getAddress(), amount: 10n ** 22n });
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.buyer, 'open', t)), {
      name: 'SafeERC20FailedOperation',
      args: [await token.getAddress()],
    });
    const ok = await openWith('FalseToken');
    await releaseAndWithdraw(ok);
    assert.equal(await balance(token, vaultAddr), 0n);
  });

  it('reverting tokens: a failed withdraw leaves the claim intact for a later retry', async () => {
    const token = zoo.RevertingToken!;
    const t = await openWith('RevertingToken');
    await send(f.vault, f.buyer, 'release', t);
    await send(token, f.deployer, 'setFrozen', true);
    assert.deepEqual(await f.revertOf(attempt(f.vault, f.seller, 'withdraw', t)), {
      name: 'RevertingTokenFrozen',
      args: [],
    });
    await send(token, f.deployer, 'setFrozen', false);
    await send(f.vault, f.seller, 'withdraw', t);
    assert.equal(await balance(token, vaultAddr), 0n);
  });

  it('rebasing tokens are unsupported: balances are nominal (documented); a negative rebase makes the payout fail', async () => {
    const token = zoo.RebasingToken!;
    const t = await openWith('RebasingToken');
    await send(token, f.deployer, 'rebase', 5n * 10n ** 17n);
    await send(f.vault, f.buyer, 'release', t);
    const err = await f.revertOf(attempt(f.vault, f.seller, 'withdraw', t));
    assert.equal(err.name, 'ERC20InsufficientBalance');
    await send(token, f.deployer, 'rebase', 2n * 10n ** 18n);
    await send(f.vault, f.seller, 'withdraw', t);
    assert.equal(await balance(token, vaultAddr), AMOUNT, 'positive rebase surplus stays in the vault');
  });

  it('HTLC and channel credit the received amount of a fee-on-transfer token', async () => {
    const fee = zoo.FeeToken!;
    const feeAddr = await fee.getAddress();
    const htlc = await f.chain.deploy('HTLC', f.deployer);
    await send(fee, f.buyer, 'approve', await htlc.getAddress(), 10n ** 30n);
    const secret = randomBytes(32);
    const lock = {
      sender: f.buyer.address,
      receiver: f.seller.address,
      token: feeAddr,
      amount: AMOUNT,
      hashlock: `0x${createHash('sha256').update(secret).digest('hex')}`,
      timelock: (await f.chain.now()) + 100,
      salt: ZeroHash,
    };
    await send(htlc, f.buyer, 'lock', lock);
    const [, locked] = await htlc.getFunction('getLock')(await htlc.getFunction('lockId')(lock));
    assert.equal(locked, AMOUNT - AMOUNT / 100n);
    await send(htlc, f.stranger, 'claim', lock, hexlify(secret));
    assert.equal(await balance(fee, await htlc.getAddress()), 0n);

    const pc = await f.chain.deploy('PaymentChannel', f.deployer);
    await send(fee, f.buyer, 'approve', await pc.getAddress(), 10n ** 30n);
    const id = await pc.getFunction('nextChannelId')(f.buyer.address);
    await send(pc, f.buyer, 'open', f.seller.address, feeAddr, AMOUNT, (await f.chain.now()) + 100);
    assert.equal((await pc.getFunction('getChannel')(id)).deposit, AMOUNT - AMOUNT / 100n);
  });
});
