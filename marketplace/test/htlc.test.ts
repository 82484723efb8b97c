import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Contract, hexlify, ZeroAddress, ZeroHash } from 'ethers';
import { attempt, type Fixture, send, setup } from './fixtures.js';

let f: Fixture;
let htlc: Contract;
let snap: string;

before(async () => {
  f = await setup();
  htlc = await f.chain.deploy('HTLC', f.deployer);
  await send(f.token, f.buyer, 'approve', await htlc.getAddress(), 2n ** 255n);
  snap = await f.chain.snapshot();
});
after(async () => {
  await f?.chain.stop();
});
beforeEach(async () => {
  await f.chain.revert(snap);
  snap = await f.chain.snapshot();
});

interface Lock {
  sender: string;
  receiver: string;
  token: string;
  amount: bigint;
  hashlock: string;
  timelock: number;
  salt: string;
}

const Status = { None: 0n, Locked: 1n, Claimed: 2n, Refunded: 3n } as const;

function secretPair(): { secret: string; hashlock: string } {
  const secret = randomBytes(32);
  return { secret: hexlify(secret), hashlock: `0x${createHash('sha256').update(secret).digest('hex')}` };
}

async function lockEth(hashlock: string, token = ZeroAddress): Promise<Lock> {
  const l: Lock = {
    sender: f.buyer.address,
    receiver: f.seller.address,
    token,
    amount: 10n ** 18n,
    hashlock,
    timelock: (await f.chain.now()) + 3600,
    salt: ZeroHash,
  };
  await send(htlc, f.buyer, 'lock', l, { value: token === ZeroAddress ? l.amount : 0n });
  return l;
}

const idOf = (l: Lock): Promise<string> => htlc.getFunction('lockId')(l);

describe('HTLC', () => {
  it('a claim with the 32-byte secret pays the stored receiver, whoever submits it, and publishes the secret', async () => {
    const { secret, hashlock } = secretPair();
    const l = await lockEth(hashlock);
    const before = await f.chain.provider.getBalance(f.seller.address);
    const receipt = await send(htlc, f.stranger, 'claim', l, secret);
    assert.equal(await f.chain.provider.getBalance(f.seller.address), before + l.amount);
    const log = htlc.interface.parseLog(receipt.logs[0]!);
    assert.equal(log?.name, 'HTLCClaimed');
    assert.equal(log?.args.secret, secret);
    assert.deepEqual([...(await htlc.getFunction('getLock')(await idOf(l)))], [Status.Claimed, l.amount]);
  });

  it('refuses a wrong secret, a short or oversized secret, and a double claim', async () => {
    const { secret, hashlock } = secretPair();
    const l = await lockEth(hashlock);
    const id = await idOf(l);
    assert.deepEqual(await f.revertOf(attempt(htlc, f.seller, 'claim', l, hexlify(randomBytes(32)))), {
      name: 'HTLCWrongSecret',
      args: [id],
    });
    assert.deepEqual(await f.revertOf(attempt(htlc, f.seller, 'claim', l, `${secret}00`)), {
      name: 'HTLCInvalidSecretLength',
      args: [33n],
    });
    assert.deepEqual(await f.revertOf(attempt(htlc, f.seller, 'claim', l, secret.slice(0, 64))), {
      name: 'HTLCInvalidSecretLength',
      args: [31n],
    });
    await send(htlc, f.seller, 'claim', l, secret);
    assert.deepEqual(await f.revertOf(attempt(htlc, f.seller, 'claim', l, secret)), {
      name: 'HTLCNotLocked',
      args: [id, Status.Claimed],
    });
    assert.deepEqual(await f.revertOf(attempt(htlc, f.buyer, 'refund', l)), {
      name: 'HTLCNotLocked',
      args: [id, Status.Claimed],
    });
  });

  it('claim at exactly the timelock succeeds; claim at +1 s is late; refund only after', async () => {
    const { secret, hashlock } = secretPair();
    const l = await lockEth(hashlock);
    const id = await idOf(l);
    await f.chain.setNextTimestamp(l.timelock - 1);
    assert.deepEqual(await f.revertOf(attempt(htlc, f.buyer, 'refund', l)), {
      name: 'HTLCNotExpired',
      args: [id, BigInt(l.timelock), BigInt(l.timelock - 1)],
    });
    await f.chain.setNextTimestamp(l.timelock);
    assert.deepEqual(await f.revertOf(attempt(htlc, f.buyer, 'refund', l)), {
      name: 'HTLCNotExpired',
      args: [id, BigInt(l.timelock), BigInt(l.timelock)],
    });
    const s = await f.chain.snapshot();
    await f.chain.setNextTimestamp(l.timelock);
    await send(htlc, f.seller, 'claim', l, secret);
    await f.chain.revert(s);
    await f.chain.setNextTimestamp(l.timelock + 1);
    assert.deepEqual(await f.revertOf(attempt(htlc, f.seller, 'claim', l, secret)), {
      name: 'HTLCExpired',
      args: [id, BigInt(l.timelock), BigInt(l.timelock + 1)],
    });
    await f.chain.setNextTimestamp(l.timelock + 1);
    await send(htlc, f.stranger, 'refund', l);
    assert.deepEqual([...(await htlc.getFunction('getLock')(id))], [Status.Refunded, l.amount]);
    assert.deepEqual(await f.revertOf(attempt(htlc, f.stranger, 'refund', l)), {
      name: 'HTLCNotLocked',
      args: [id, Status.Refunded],
    });
  });

  it('ERC-20 locks, and refuses bad parameters and duplicates', async () => {
    const { secret, hashlock } = secretPair();
    const token = await f.token.getAddress();
    const l = await lockEth(hashlock, token);
    assert.deepEqual(await f.revertOf(attempt(htlc, f.buyer, 'lock', l)), {
      name: 'HTLCAlreadyExists',
      args: [await idOf(l)],
    });
    const before = await f.token.getFunction('balanceOf')(f.seller.address);
    await send(htlc, f.seller, 'claim', l, secret);
    assert.equal(await f.token.getFunction('balanceOf')(f.seller.address), before + l.amount);
    const now = await f.chain.now();
    const cases: [Partial<Lock>, string][] = [
      [{ sender: f.seller.address }, 'sender'],
      [{ receiver: ZeroAddress }, 'receiver'],
      [{ amount: 0n }, 'amount'],
      [{ timelock: now }, 'timelock'],
    ];
    for (const [o, reason] of cases) {
      const bad = { ...l, salt: `0x${'11'.repeat(32)}`, timelock: now + 100, ...o };
      assert.deepEqual(await f.revertOf(attempt(htlc, f.buyer, 'lock', bad)), {
        name: 'HTLCInvalidLock',
        args: [reason],
      });
    }
    const eth = { ...l, token: ZeroAddress, salt: `0x${'22'.repeat(32)}`, timelock: now + 100 };
    assert.deepEqual(await f.revertOf(attempt(htlc, f.buyer, 'lock', eth, { value: 1n })), {
      name: 'HTLCWrongValue',
      args: [eth.amount, 1n],
    });
  });
});
