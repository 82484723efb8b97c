import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Contract, type Wallet, ZeroAddress } from 'ethers';
import { attempt, type Fixture, send, setup } from './fixtures.js';

let f: Fixture;
let pc: Contract;
let pcAddr: string;
let snap: string;

before(async () => {
  f = await setup();
  pc = await f.chain.deploy('PaymentChannel', f.deployer);
  pcAddr = await pc.getAddress();
  await send(f.token, f.buyer, 'approve', pcAddr, 2n ** 255n);
  snap = await f.chain.snapshot();
});
after(async () => {
  await f?.chain.stop();
});
beforeEach(async () => {
  await f.chain.revert(snap);
  snap = await f.chain.snapshot();
});

const DEPOSIT = 10n ** 18n;

async function voucher(signer: Wallet, id: string, amount: bigint, domain = {}): Promise<string> {
  const { chainId } = await f.chain.provider.getNetwork();
  return signer.signTypedData(
    { name: 'CrypTalk PaymentChannel', version: '1', chainId, verifyingContract: pcAddr, ...domain },
    {
      Voucher: [
        { name: 'channelId', type: 'bytes32' },
        { name: 'amount', type: 'uint256' },
      ],
    },
    { channelId: id, amount },
  );
}

async function openChannel(token = ZeroAddress): Promise<{ id: string; expiry: number }> {
  const id: string = await pc.getFunction('nextChannelId')(f.buyer.address);
  const expiry = (await f.chain.now()) + 3600;
  await send(pc, f.buyer, 'open', f.seller.address, token, DEPOSIT, expiry, {
    value: token === ZeroAddress ? DEPOSIT : 0n,
  });
  return { id, expiry };
}

describe('PaymentChannel', () => {
  it('the recipient settles cumulative vouchers, then closes; the sender reclaims the rest', async () => {
    const { id } = await openChannel(await f.token.getAddress());
    const bal = () => f.token.getFunction('balanceOf')(f.seller.address) as Promise<bigint>;
    const start = await bal();
    await send(pc, f.seller, 'settle', id, 100n, await voucher(f.buyer, id, 100n));
    await send(pc, f.seller, 'close', id, 250n, await voucher(f.buyer, id, 250n));
    assert.equal((await bal()) - start, 250n);
    const senderBefore = await f.token.getFunction('balanceOf')(f.buyer.address);
    await send(pc, f.buyer, 'reclaim', id);
    assert.equal((await f.token.getFunction('balanceOf')(f.buyer.address)) - senderBefore, DEPOSIT - 250n);
    assert.equal(await f.token.getFunction('balanceOf')(pcAddr), 0n);
    assert.deepEqual(await f.revertOf(attempt(pc, f.buyer, 'reclaim', id)), {
      name: 'PaymentChannelNotFound',
      args: [id],
    });
  });

  it('refuses a stale voucher, a voucher above the deposit, and the wrong signer, chain or contract', async () => {
    const { id } = await openChannel();
    await send(pc, f.seller, 'settle', id, 500n, await voucher(f.buyer, id, 500n));
    assert.deepEqual(
      await f.revertOf(attempt(pc, f.seller, 'settle', id, 400n, await voucher(f.buyer, id, 400n))),
      {
        name: 'PaymentChannelStaleVoucher',
        args: [id, 400n, 500n],
      },
    );
    assert.deepEqual(
      await f.revertOf(attempt(pc, f.seller, 'settle', id, 500n, await voucher(f.buyer, id, 500n))),
      {
        name: 'PaymentChannelStaleVoucher',
        args: [id, 500n, 500n],
      },
    );
    const above = DEPOSIT + 1n;
    assert.deepEqual(
      await f.revertOf(attempt(pc, f.seller, 'settle', id, above, await voucher(f.buyer, id, above))),
      {
        name: 'PaymentChannelVoucherAboveDeposit',
        args: [id, above, DEPOSIT],
      },
    );
    for (const sig of [
      await voucher(f.stranger, id, 600n),
      await voucher(f.buyer, id, 600n, { chainId: 1n }),
      await voucher(f.buyer, id, 600n, { verifyingContract: f.stranger.address }),
      await voucher(f.buyer, id, 601n),
      '0x1234',
    ]) {
      assert.deepEqual(await f.revertOf(attempt(pc, f.seller, 'close', id, 600n, sig)), {
        name: 'PaymentChannelInvalidSignature',
        args: [id],
      });
    }
  });

  it('only the recipient redeems or closes; only the sender extends or reclaims', async () => {
    const { id } = await openChannel();
    const sig = await voucher(f.buyer, id, 10n);
    for (const who of [f.buyer, f.stranger]) {
      for (const m of ['settle', 'close']) {
        assert.deepEqual(await f.revertOf(attempt(pc, who, m, id, 10n, sig)), {
          name: 'PaymentChannelUnauthorized',
          args: [id, who.address],
        });
      }
    }
    for (const who of [f.seller, f.stranger]) {
      assert.deepEqual(await f.revertOf(attempt(pc, who, 'extend', id, 0n, 0)), {
        name: 'PaymentChannelUnauthorized',
        args: [id, who.address],
      });
      assert.deepEqual(await f.revertOf(attempt(pc, who, 'reclaim', id)), {
        name: 'PaymentChannelUnauthorized',
        args: [id, who.address],
      });
    }
  });

  it('reclaim only after the expiry (exactly, +1 s); extend moves it and tops up; closed channels stay closed', async () => {
    const { id, expiry } = await openChannel();
    await f.chain.setNextTimestamp(expiry);
    assert.deepEqual(await f.revertOf(attempt(pc, f.buyer, 'reclaim', id)), {
      name: 'PaymentChannelNotExpired',
      args: [id, BigInt(expiry), BigInt(expiry)],
    });
    await f.chain.setNextTimestamp(expiry);
    await send(pc, f.buyer, 'extend', id, 5n, expiry + 100, { value: 5n });
    assert.deepEqual(await f.revertOf(attempt(pc, f.buyer, 'extend', id, 0n, expiry)), {
      name: 'PaymentChannelInvalidParams',
      args: ['expiry'],
    });
    const c = await pc.getFunction('getChannel')(id);
    assert.equal(c.deposit, DEPOSIT + 5n);
    assert.equal(c.expiry, BigInt(expiry + 100));
    await f.chain.setNextTimestamp(expiry + 101);
    await send(pc, f.buyer, 'reclaim', id);
    assert.equal(await f.chain.provider.getBalance(pcAddr), 0n);

    const second = await openChannel();
    await send(pc, f.seller, 'close', second.id, 0n, '0x');
    assert.deepEqual(
      await f.revertOf(attempt(pc, f.seller, 'settle', second.id, 1n, await voucher(f.buyer, second.id, 1n))),
      {
        name: 'PaymentChannelClosed',
        args: [second.id],
      },
    );
    assert.deepEqual(await f.revertOf(attempt(pc, f.buyer, 'extend', second.id, 0n, second.expiry)), {
      name: 'PaymentChannelClosed',
      args: [second.id],
    });
    await send(pc, f.buyer, 'reclaim', second.id);
  });
});
