import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EscrowOfferError } from './errors.js';
import {
  decodeEscrowOffer,
  encodeEscrowOffer,
  escrowOfferFromText,
  escrowOfferToText,
  isEscrowOfferText,
} from './escrow-offer.js';
import { MAX_OFFER_CHARS } from './limits.js';
import { orderDigest } from './offer-digest.js';
import { signedTestListing } from './testing-offer.js';

const invalid = (what: RegExp) => (e: unknown) =>
  e instanceof EscrowOfferError && e.code === 'ESCROW_OFFER_INVALID' && what.test(e.message);

test('an offer round-trips through JSON and message text, bigints included', async () => {
  const offer = await signedTestListing({ nonce: (1n << 200n) + 7n });
  assert.deepEqual(decodeEscrowOffer(encodeEscrowOffer(offer)), offer);
  const text = escrowOfferToText(offer);
  assert.ok(isEscrowOfferText(text));
  assert.ok(text.startsWith('cryptalk-escrow-offer:1:'));
  assert.deepEqual(escrowOfferFromText(text), offer);
  assert.equal(isEscrowOfferText('hello'), false);
});

test('a tampered order, another chain or another marketplace fails the signature check', async () => {
  const offer = await signedTestListing();
  const wire = JSON.parse(encodeEscrowOffer(offer));
  for (const [name, change] of [
    ['price', (w: Record<string, unknown>) => ((w.order as Record<string, unknown>).price = '1')],
    ['chain', (w: Record<string, unknown>) => (w.chainId = 1)],
    [
      'marketplace',
      (w: Record<string, unknown>) => (w.marketplace = '0x5FbDB2315678afecb367f032d93F642f64180aa3'),
    ],
    ['kind', (w: Record<string, unknown>) => (w.kind = 'offer')],
  ] as const) {
    const copy = structuredClone(wire);
    change(copy);
    assert.throws(() => decodeEscrowOffer(JSON.stringify(copy)), invalid(/signature|offer must/), name);
  }
});

test('every field is checked against its Solidity type', async () => {
  const wire = JSON.parse(encodeEscrowOffer(await signedTestListing()));
  const cases: [string, (w: Record<string, unknown>) => void, RegExp][] = [
    ['version', (w) => (w.v = 2), /v must be 1/],
    ['chain 0', (w) => (w.chainId = 0), /chainId/],
    ['address', (w) => (w.marketplace = '0x1234'), /marketplace must be a 20-byte/],
    [
      'uint256 as number',
      (w) => ((w.order as Record<string, unknown>).price = 5),
      /order.price must be a uint256/,
    ],
    [
      'uint256 overflow',
      (w) => ((w.order as Record<string, unknown>).price = `2${'0'.repeat(77)}`),
      /order.price/,
    ],
    ['uint256 leading zero', (w) => ((w.order as Record<string, unknown>).nonce = '01'), /order.nonce/],
    ['uint32', (w) => ((w.order as Record<string, unknown>).shipWithin = 2 ** 32), /order.shipWithin/],
    ['bps', (w) => ((w.order as Record<string, unknown>).defaultBuyerBps = 10_001), /defaultBuyerBps/],
    ['item', (w) => ((w.order as Record<string, unknown>).item = '0x12'), /order.item must be 32 bytes/],
    ['signature', (w) => (w.signature = `0x${'ab'.repeat(64)}`), /signature must be 65 bytes/],
    ['unknown field', (w) => (w.extra = 1), /unknown field extra/],
    ['description', (w) => (w.description = 'Another bike'), /does not hash to order.item/],
    ['no arbiter', (w) => ((w.order as Record<string, unknown>).arbiter = `0x${'0'.repeat(40)}`), /arbiter/],
  ];
  for (const [name, change, what] of cases) {
    const copy = structuredClone(wire);
    change(copy);
    assert.throws(() => decodeEscrowOffer(JSON.stringify(copy)), invalid(what), name);
  }
});

test('malformed text is refused with ESCROW_OFFER_INVALID', () => {
  assert.throws(() => decodeEscrowOffer('{'), invalid(/not JSON/));
  assert.throws(() => decodeEscrowOffer('[]'), invalid(/must be an object/));
  assert.throws(() => decodeEscrowOffer(' '.repeat(MAX_OFFER_CHARS + 1)), invalid(/longer than/));
  assert.throws(() => escrowOfferFromText('cryptalk-escrow-offer:2:e30='), invalid(/must start with/));
  assert.throws(() => escrowOfferFromText('cryptalk-escrow-offer:1:%%%'), invalid(/not base64/));
});

test('the order digest is the EIP-712 digest the marketplace computes (golden value for the test listing)', async () => {
  const offer = await signedTestListing();
  const digest = orderDigest(offer.order, offer.chainId, offer.marketplace);
  assert.match(digest, /^0x[0-9a-f]{64}$/);
  // Changing any signed field changes the digest.
  const other = await signedTestListing({ nonce: 43n });
  assert.notEqual(orderDigest(other.order, other.chainId, other.marketplace), digest);
});
