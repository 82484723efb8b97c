import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EscrowState } from '@cryptalk/sdk/escrow';
import { Wallet } from 'ethers';
import { escrowCardModel, shortAddress } from './card-model.js';
import { MemoryEscrowDriver } from './memory-escrow-driver.js';
import { signedTestListing, TEST_BUYER_KEY, TEST_SELLER_KEY } from './testing-offer.js';
import type { EscrowSnapshot } from './types.js';

const seller = new Wallet(TEST_SELLER_KEY).address;
const buyer = new Wallet(TEST_BUYER_KEY).address;
const NOW = 1_800_000_000;

async function at(
  state: EscrowState,
  now = NOW,
): Promise<{ snapshot: EscrowSnapshot; offer: Awaited<ReturnType<typeof signedTestListing>> }> {
  const offer = await signedTestListing();
  const driver = new MemoryEscrowDriver({ account: buyer, now: NOW });
  driver.setState(offer, state, buyer);
  driver.now = now;
  return { offer, snapshot: await driver.read(offer) };
}

test('an open listing: the seller waits, anyone else may accept; an expired or used one is unavailable', async () => {
  const { offer, snapshot } = await at({ kind: 'none' });
  assert.deepEqual(escrowCardModel(offer, snapshot, seller).actions, []);
  assert.equal(escrowCardModel(offer, snapshot, seller).role, 'seller');
  const asBuyer = escrowCardModel(offer, snapshot, buyer);
  assert.equal(asBuyer.phase, 'offered');
  assert.equal(asBuyer.role, 'buyer');
  assert.deepEqual(asBuyer.actions, ['accept']);
  assert.deepEqual(escrowCardModel(offer, snapshot, undefined).actions, []);
  const late = { ...snapshot, now: offer.order.order.expiry + 1 };
  assert.equal(escrowCardModel(offer, late, buyer).phase, 'unavailable');
  assert.equal(escrowCardModel(offer, { ...snapshot, nonceUsed: true }, buyer).phase, 'unavailable');
});

test('funded: the seller ships or refunds, the buyer releases; both may dispute until shipBy, then only expire', async () => {
  const shipBy = NOW + 100;
  const { offer, snapshot } = await at({ kind: 'funded', shipBy, buyerIn: 1n });
  assert.deepEqual(escrowCardModel(offer, snapshot, seller).actions, ['ship', 'refund', 'dispute']);
  assert.deepEqual(escrowCardModel(offer, snapshot, buyer).actions, ['release', 'dispute']);
  assert.deepEqual(escrowCardModel(offer, snapshot, undefined).actions, []);
  // At exactly shipBy the party may still act; one second later only the timed exit is left.
  assert.deepEqual(escrowCardModel(offer, { ...snapshot, now: shipBy }, seller).actions, [
    'ship',
    'refund',
    'dispute',
  ]);
  const late = { ...snapshot, now: shipBy + 1 };
  assert.deepEqual(escrowCardModel(offer, late, seller).actions, ['refund', 'expire']);
  assert.deepEqual(escrowCardModel(offer, late, buyer).actions, ['release', 'expire']);
  assert.deepEqual(escrowCardModel(offer, late, buyer).deadline, {
    kind: 'shipBy',
    at: shipBy,
    passed: true,
  });
});

test('shipped, disputed and final states', async () => {
  const ends = NOW + 50;
  const shipped = await at({ kind: 'shipped', inspectionEnds: ends, buyerIn: 1n, sellerIn: 0n });
  assert.deepEqual(escrowCardModel(shipped.offer, shipped.snapshot, buyer).actions, ['release', 'dispute']);
  assert.deepEqual(escrowCardModel(shipped.offer, shipped.snapshot, seller).actions, ['refund', 'dispute']);
  const over = { ...shipped.snapshot, now: ends + 1 };
  assert.deepEqual(escrowCardModel(shipped.offer, over, buyer).actions, ['release', 'autoRelease']);
  const disputed = await at({ kind: 'disputed', ruleBy: ends, buyerIn: 1n, sellerIn: 0n });
  assert.deepEqual(escrowCardModel(disputed.offer, disputed.snapshot, buyer).actions, []);
  assert.deepEqual(escrowCardModel(disputed.offer, { ...disputed.snapshot, now: ends + 1 }, seller).actions, [
    'resolveByDefault',
  ]);
  const released = await at({ kind: 'released', buyerIn: 1n, sellerIn: 0n });
  assert.equal(escrowCardModel(released.offer, released.snapshot, seller).phase, 'released');
  assert.deepEqual(escrowCardModel(released.offer, released.snapshot, seller).actions, ['withdraw']);
  assert.deepEqual(escrowCardModel(released.offer, released.snapshot, buyer).actions, []);
  const refunded = await at({ kind: 'refunded', buyerIn: 1n, sellerIn: 0n });
  assert.deepEqual(escrowCardModel(refunded.offer, refunded.snapshot, buyer).actions, ['withdraw']);
});

test('the memory driver follows the vault: a whole trade, and refusals for the wrong party', async () => {
  const offer = await signedTestListing();
  const driver = new MemoryEscrowDriver({ account: buyer, now: NOW });
  await driver.act('accept', offer);
  let snap = await driver.read(offer);
  assert.equal(snap.escrow?.state.kind, 'funded');
  await assert.rejects(driver.act('ship', offer), /EscrowVaultInvalidState/);
  driver.account = seller;
  await driver.act('ship', offer);
  driver.account = buyer;
  await driver.act('release', offer);
  snap = await driver.read(offer);
  assert.equal(snap.escrow?.state.kind, 'released');
  assert.deepEqual(snap.escrow?.owed, { buyer: 0n, seller: 10n ** 18n });
  driver.account = seller;
  await driver.act('withdraw', offer);
  assert.deepEqual((await driver.read(offer)).escrow?.owed, { buyer: 0n, seller: 0n });
  assert.deepEqual(driver.log, ['accept', 'ship', 'release', 'withdraw']);
});

test('short addresses keep the first 4 and last 4 hex digits', () => {
  assert.equal(shortAddress('0x70997970C51812dc3A010C7d01b50e0d17dc79C8'), '0x7099…79C8');
});
