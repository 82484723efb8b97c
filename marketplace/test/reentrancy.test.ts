import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Contract, hexlify, ZeroAddress, ZeroHash } from 'ethers';
import { type Fixture, makeTerms, send, setup } from './fixtures.js';

let f: Fixture;
let vaultAddr: string;

before(async () => {
  f = await setup();
  vaultAddr = await f.vault.getAddress();
});
after(async () => {
  await f?.chain.stop();
});

async function reenteredWith(wallet: Contract): Promise<{ ok: boolean; error: string }> {
  return { ok: await wallet.getFunction('reentered')(), error: await wallet.getFunction('reenterError')() };
}

describe('re-entrancy', () => {
  it('a buyer contract re-entering withdraw from its ETH receive hook is stopped; it is paid once', async () => {
    const wallet = await f.chain.deploy('TestWallet', f.buyer, f.buyer.address);
    const walletAddr = await wallet.getAddress();
    const t = makeTerms(f, await f.chain.now(), { buyer: walletAddr, salt: `0x${'01'.repeat(32)}` });
    await send(f.vault, f.stranger, 'open', t, { value: t.amount });
    await send(f.vault, f.seller, 'refund', t);
    const withdraw = f.vault.interface.encodeFunctionData('withdraw', [t]);
    await send(wallet, f.buyer, 'arm', vaultAddr, withdraw);
    await send(wallet, f.buyer, 'execute', vaultAddr, 0n, withdraw);
    const r = await reenteredWith(wallet);
    assert.equal(r.ok, false);
    assert.equal(r.error, f.vault.interface.getError('ReentrancyGuardReentrantCall')!.selector);
    assert.equal(await f.chain.provider.getBalance(walletAddr), t.amount);
    assert.equal(await f.chain.provider.getBalance(vaultAddr), 0n);
  });

  it('a buyer contract re-entering from onERC721Received while taking a title is stopped', async () => {
    const wallet = await f.chain.deploy('TestWallet', f.buyer, f.buyer.address);
    const walletAddr = await wallet.getAddress();
    await send(f.title, f.deployer, 'mint', f.seller.address, 77n);
    const t = makeTerms(f, await f.chain.now(), {
      buyer: walletAddr,
      titleToken: await f.title.getAddress(),
      titleId: 77n,
      salt: `0x${'02'.repeat(32)}`,
    });
    await send(f.vault, f.stranger, 'open', t, { value: t.amount });
    const coder = f.vault.interface.getAbiCoder();
    const termsType = f.vault.interface.getFunction('escrowId')!.inputs[0]!;
    await send(
      f.title,
      f.seller,
      'safeTransferFrom(address,address,uint256,bytes)',
      f.seller.address,
      vaultAddr,
      77n,
      coder.encode([termsType], [t]),
    );
    const release = f.vault.interface.encodeFunctionData('release', [t]);
    await send(wallet, f.buyer, 'execute', vaultAddr, 0n, release);
    const withdraw = f.vault.interface.encodeFunctionData('withdraw', [t]);
    await send(wallet, f.buyer, 'arm', vaultAddr, withdraw);
    await send(wallet, f.buyer, 'execute', vaultAddr, 0n, withdraw);
    const r = await reenteredWith(wallet);
    assert.equal(r.ok, false);
    assert.equal(r.error, f.vault.interface.getError('ReentrancyGuardReentrantCall')!.selector);
    assert.equal(await f.title.getFunction('ownerOf')(77n), walletAddr);
    assert.deepEqual(await f.revertOf(() => send(wallet, f.buyer, 'execute', vaultAddr, 0n, withdraw)), {
      name: 'EscrowVaultNothingToWithdraw',
      args: [await f.vault.getFunction('escrowId')(t), walletAddr],
    });
    assert.equal(await f.chain.provider.getBalance(vaultAddr), t.amount, 'the seller share is still there');
  });

  it('an HTLC receiver re-entering refund from its receive hook is stopped', async () => {
    const htlc = await f.chain.deploy('HTLC', f.deployer);
    const wallet = await f.chain.deploy('TestWallet', f.seller, f.seller.address);
    const secret = randomBytes(32);
    const lock = {
      sender: f.buyer.address,
      receiver: await wallet.getAddress(),
      token: ZeroAddress,
      amount: 1000n,
      hashlock: `0x${createHash('sha256').update(secret).digest('hex')}`,
      timelock: (await f.chain.now()) + 100,
      salt: ZeroHash,
    };
    await send(htlc, f.buyer, 'lock', lock, { value: 1000n });
    await send(
      wallet,
      f.seller,
      'arm',
      await htlc.getAddress(),
      htlc.interface.encodeFunctionData('refund', [lock]),
    );
    await send(htlc, f.stranger, 'claim', lock, hexlify(secret));
    const r = await reenteredWith(wallet);
    assert.equal(r.ok, false);
    assert.equal(await f.chain.provider.getBalance(await htlc.getAddress()), 0n);
    assert.equal(await f.chain.provider.getBalance(await wallet.getAddress()), 1000n);
  });
});
