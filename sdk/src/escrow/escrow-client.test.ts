import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { deployMarketplace } from '@cryptalk/marketplace';
import { eip1193Over, startTestChain, type TestChain } from '@cryptalk/marketplace/testing';
import { type Contract, id as keccakText, Wallet, ZeroAddress } from 'ethers';
import {
  connectEscrow,
  createSecret,
  type EscrowClients,
  type EscrowDeployment,
  EscrowError,
  type EscrowTerms,
  escrowIdOf,
} from './index.js';

let chain: TestChain;
let deployment: EscrowDeployment;
let token: Contract;
let tokenAddr: string;
let buyer: EscrowClients;
let seller: EscrowClients;
let arbiter: EscrowClients;
let snap: string;

const rejecting = (methods: string[]) => (method: string) => {
  if (methods.includes(method)) throw Object.assign(new Error('User rejected the request.'), { code: 4001 });
  return undefined;
};

async function expectEscrowError(
  action: () => Promise<unknown>,
  code: string,
  revertName?: string,
): Promise<EscrowError> {
  try {
    await action();
  } catch (e) {
    assert.ok(
      e instanceof EscrowError,
      `expected EscrowError, got ${(e as Error).name}: ${(e as Error).message}`,
    );
    assert.equal(e.code, code, e.message);
    if (revertName) assert.equal(e.revert?.name, revertName);
    return e;
  }
  assert.fail(`expected ${code}`);
}

before(async () => {
  chain = await startTestChain();
  const [deployer, b, s, a] = chain.signers as [Wallet, Wallet, Wallet, Wallet];
  deployment = await deployMarketplace(deployer, chain.artifacts);
  token = await chain.deploy('TestToken', deployer);
  tokenAddr = await token.getAddress();
  for (const w of [b, s]) await (await token.getFunction('mint')(w.address, 10n ** 24n)).wait();
  buyer = await connectEscrow({ privateKey: b.privateKey, rpcUrl: chain.node.rpcUrl }, deployment);
  seller = await connectEscrow({ eip1193: eip1193Over(chain.node.rpcUrl), account: s.address }, deployment);
  arbiter = await connectEscrow({ privateKey: a.privateKey, rpcUrl: chain.node.rpcUrl }, deployment);
  snap = await chain.snapshot();
});
after(async () => {
  await chain?.stop();
});
beforeEach(async () => {
  await chain.revert(snap);
  snap = await chain.snapshot();
});

async function terms(overrides: Partial<EscrowTerms> = {}): Promise<EscrowTerms> {
  return {
    buyer: buyer.address,
    seller: seller.address,
    arbiter: arbiter.address,
    token: ZeroAddress,
    amount: 10n ** 18n,
    buyerDeposit: 0n,
    sellerDeposit: 0n,
    titleToken: ZeroAddress,
    titleId: 0n,
    shipBy: (await chain.now()) + 86_400,
    inspectionPeriod: 86_400,
    arbitrationPeriod: 86_400,
    defaultBuyerBps: 5_000,
    salt: keccakText(String(Math.random())) as `0x${string}`,
    ...overrides,
  };
}

describe('EscrowClient (private key and EIP-1193 wallets against anvil)', () => {
  it('ETH: open → ship (EIP-1193 seller) → release → withdraw, with typed states and terms found from events', async () => {
    const t = await terms();
    const id = await buyer.escrow.open(t);
    assert.equal(id, escrowIdOf(t));
    assert.deepEqual(await buyer.escrow.getState(id), {
      kind: 'funded',
      shipBy: t.shipBy,
      buyerIn: t.amount,
    });
    assert.deepEqual(await seller.escrow.findTerms(id), t);
    await seller.escrow.ship(t);
    assert.equal((await buyer.escrow.getState(id)).kind, 'shipped');
    await buyer.escrow.release(t);
    assert.deepEqual(await seller.escrow.owed(t), { buyer: 0n, seller: t.amount, titleToBuyer: true });
    assert.deepEqual(await seller.escrow.withdraw(t), { amount: t.amount, title: false });
    assert.equal((await buyer.escrow.getState(id)).kind, 'released');
  });

  it('ERC-20 with deposits: approvals are automatic; dispute → rule splits the pool', async () => {
    const t = await terms({ token: tokenAddr, buyerDeposit: 10n, sellerDeposit: 20n });
    const id = await buyer.escrow.open(t);
    await seller.escrow.ship(t);
    await buyer.escrow.dispute(t);
    await arbiter.escrow.rule(t, 2_500);
    assert.deepEqual(await buyer.escrow.getState(id), {
      kind: 'resolved',
      buyerBps: 2_500,
      buyerIn: t.amount + 10n,
      sellerIn: 20n,
    });
    const pool = t.amount + 30n;
    assert.equal((await buyer.escrow.withdraw(t)).amount, pool / 4n);
    assert.equal((await seller.escrow.withdraw(t)).amount, pool - pool / 4n);
  });

  it('a settlement signed by both (one through EIP-1193 eth_signTypedData_v4) is submitted by the arbiter', async () => {
    const t = await terms();
    const id = await buyer.escrow.open(t);
    const deadline = (await chain.now()) + 600;
    const b = await buyer.escrow.signSettlement(t, 7_000, deadline);
    const s = await seller.escrow.signSettlement(t, 7_000, deadline);
    await arbiter.escrow.settle(t, b, s);
    assert.equal((await buyer.escrow.getState(id)).kind, 'resolved');
  });

  it('timed exits: expire after shipBy, reported as a contract revert before', async () => {
    const t = await terms();
    await buyer.escrow.open(t);
    const err = await expectEscrowError(
      () => arbiter.escrow.expire(t),
      'ESCROW_CONTRACT_REVERT',
      'EscrowVaultDeadlineNotReached',
    );
    assert.equal(err.revert?.args[0], escrowIdOf(t));
    await chain.increaseTime(86_401);
    await arbiter.escrow.expire(t);
    assert.equal((await buyer.escrow.withdraw(t)).amount, t.amount);
  });
});

describe('EscrowClient errors', () => {
  it('wrong chain: connecting a wallet on another chain, or a deployment for another chain', async () => {
    await expectEscrowError(
      () =>
        connectEscrow(
          { eip1193: eip1193Over(chain.node.rpcUrl, (m) => (m === 'eth_chainId' ? '0x1' : undefined)) },
          deployment,
        ),
      'ESCROW_WRONG_CHAIN',
    );
    const e = await expectEscrowError(
      () =>
        connectEscrow(
          { privateKey: Wallet.createRandom().privateKey, rpcUrl: chain.node.rpcUrl },
          { ...deployment, chainId: 10 },
        ),
      'ESCROW_WRONG_CHAIN',
    );
    assert.match(e.message, /chain 31337.*chain 10/);
  });

  it('insufficient funds: ETH and tokens, named with the amounts', async () => {
    const poor = await connectEscrow(
      { privateKey: Wallet.createRandom().privateKey, rpcUrl: chain.node.rpcUrl },
      deployment,
    );
    const t = await terms({ buyer: poor.address });
    const e = await expectEscrowError(() => poor.escrow.open(t), 'ESCROW_INSUFFICIENT_FUNDS');
    assert.match(e.message, new RegExp(`${t.amount} needed, 0 available`));
    await expectEscrowError(() => poor.escrow.open({ ...t, token: tokenAddr }), 'ESCROW_INSUFFICIENT_FUNDS');
  });

  it('a rejected signature or transaction in the wallet', async () => {
    const wallet = eip1193Over(chain.node.rpcUrl, rejecting(['eth_signTypedData_v4', 'eth_sendTransaction']));
    const grumpy = await connectEscrow({ eip1193: wallet, account: seller.address }, deployment);
    const t = await terms();
    await buyer.escrow.open(t);
    await expectEscrowError(
      () => grumpy.escrow.signSettlement(t, 1, (Date.now() / 1000) | 0),
      'ESCROW_SIGNATURE_REJECTED',
    );
    await expectEscrowError(() => grumpy.escrow.ship(t), 'ESCROW_SIGNATURE_REJECTED');
    const refusing = eip1193Over(chain.node.rpcUrl, rejecting(['eth_accounts', 'eth_requestAccounts']));
    await expectEscrowError(
      () => connectEscrow({ eip1193: refusing }, deployment),
      'ESCROW_SIGNATURE_REJECTED',
    );
  });

  it('a write completes when the wallet serves its receipt late (a dev chain under load)', {
    timeout: 20_000,
  }, async () => {
    // anvil sometimes answers eth_sendRawTransaction before it serves the receipt; ethers' own wait() then
    // never settles (marketplace/test/receipt-polling.test.ts). This wallet's node is empty twice for each receipt.
    const asked = new Map<string, number>();
    const lagging = eip1193Over(chain.node.rpcUrl, (method, params) => {
      if (method !== 'eth_getTransactionReceipt') return undefined;
      const hash = String((params as unknown[])[0]);
      asked.set(hash, (asked.get(hash) ?? 0) + 1);
      return asked.get(hash)! <= 2 ? null : undefined;
    });
    const slow = await connectEscrow({ eip1193: lagging, account: seller.address }, deployment);
    const t = await terms();
    const id = await buyer.escrow.open(t);
    await slow.escrow.ship(t);
    assert.equal((await buyer.escrow.getState(id)).kind, 'shipped');
    assert.deepEqual([...asked.values()], [3], 'found at the third lookup');
  });

  it('contract reverts carry the decoded custom error; bad arguments and no provider are refused', async () => {
    const t = await terms();
    await buyer.escrow.open(t);
    const e = await expectEscrowError(
      () => seller.escrow.release(t),
      'ESCROW_CONTRACT_REVERT',
      'EscrowVaultUnauthorized',
    );
    assert.equal(String(e.revert?.args[1]).toLowerCase(), seller.address.toLowerCase());
    await expectEscrowError(async () => arbiter.escrow.rule(t, 10_001), 'ESCROW_INVALID_ARGUMENT');
    await expectEscrowError(() => connectEscrow({} as never, deployment), 'ESCROW_NO_PROVIDER');
  });
});

describe('MarketClient, HtlcClient and ChannelClient', () => {
  it('a listing filled into the escrow with an EIP-2612 permit; an offer accepted directly', async () => {
    const expiry = (await chain.now()) + 3600;
    const draft = await seller.market.draft({
      price: 10n ** 18n,
      expiry,
      token: tokenAddr,
      arbiter: arbiter.address,
    });
    const listing = await seller.market.signListing(draft);
    const { escrowId } = await buyer.market.fillListing(listing, { permit: true });
    assert.ok(escrowId);
    const t = await buyer.escrow.findTerms(escrowId);
    assert.equal(t.buyer, buyer.address);
    assert.deepEqual((await buyer.escrow.getState(escrowId)).kind, 'funded');
    await expectEscrowError(
      () => buyer.market.fillListing(listing),
      'ESCROW_CONTRACT_REVERT',
      'MarketplaceNonceUsed',
    );

    const offer = await buyer.market.signOffer(
      await buyer.market.draft({ price: 5n, expiry, token: tokenAddr, taker: seller.address }),
    );
    const permit = await buyer.market.signPermit(tokenAddr, 5n);
    const before: bigint = await token.getFunction('balanceOf')(seller.address);
    const filled = await seller.market.acceptOffer(offer, permit);
    assert.equal(filled.escrowId, undefined);
    assert.equal(await token.getFunction('balanceOf')(seller.address), before + 5n);
  });

  it('HTLC: lock, claim by the receiver, the secret is revealed; a wrong or short secret is refused locally', async () => {
    const { secret, hashlock } = createSecret();
    const lock = await buyer.htlc.lock({
      receiver: seller.address,
      token: ZeroAddress,
      amount: 1000n,
      hashlock,
      timelock: (await chain.now()) + 600,
    });
    await expectEscrowError(
      async () => seller.htlc.claim(lock, `0x${'00'.repeat(31)}`),
      'ESCROW_INVALID_ARGUMENT',
    );
    await expectEscrowError(
      async () => seller.htlc.claim(lock, createSecret().secret),
      'ESCROW_INVALID_ARGUMENT',
    );
    await seller.htlc.claim(lock, secret);
    assert.deepEqual(await buyer.htlc.getLock(lock.id), { status: 'claimed', amount: 1000n });
    assert.equal(await buyer.htlc.revealedSecret(lock.id), secret);
    await expectEscrowError(() => buyer.htlc.refund(lock), 'ESCROW_CONTRACT_REVERT', 'HTLCNotLocked');
  });

  it('channel: open, vouchers verified off-chain, settle, close, reclaim', async () => {
    const id = await buyer.channel.open(seller.address, ZeroAddress, 1000n, (await chain.now()) + 600);
    const v1 = await buyer.channel.signVoucher(id, 100n);
    await seller.channel.verifyVoucher(v1);
    await seller.channel.settle(v1);
    await expectEscrowError(() => seller.channel.verifyVoucher(v1), 'ESCROW_INVALID_ARGUMENT');
    await expectEscrowError(
      async () => seller.channel.verifyVoucher(await seller.channel.signVoucher(id, 200n)),
      'ESCROW_INVALID_ARGUMENT',
    );
    await expectEscrowError(
      async () => seller.channel.settle(await buyer.channel.signVoucher(id, 2000n)),
      'ESCROW_CONTRACT_REVERT',
      'PaymentChannelVoucherAboveDeposit',
    );
    await seller.channel.close(await buyer.channel.signVoucher(id, 300n));
    assert.equal((await buyer.channel.getChannel(id)).paid, 300n);
    await buyer.channel.reclaim(id);
    await expectEscrowError(() => buyer.channel.getChannel(id), 'ESCROW_NOT_FOUND');
  });
});
