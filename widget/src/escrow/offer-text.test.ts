import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeBase64, toUtf8Bytes } from 'ethers';
import { escrowOfferFromText } from './escrow-offer.js';
import { MAX_OFFER_CHARS } from './limits.js';
import {
  ESCROW_OFFER_TEXT_PREFIX,
  encodeEscrowOffer,
  escrowOfferMessageText,
  escrowOfferToText,
  isEscrowOfferText,
  peekEscrowOfferItem,
} from './offer-text.js';
import { signedTestListing, TEST_LISTING_TEXT } from './testing-offer.js';

test('the test listing encodes to the golden text', async () => {
  assert.equal(escrowOfferToText(await signedTestListing()), TEST_LISTING_TEXT);
});

test('the ethers-free text form is byte for byte the base64 ethers encodes, non-ASCII included', async () => {
  for (const description of ['Vintage bike', 'Fahrrad – grün, 1 Stück 🚲', 'دراجة']) {
    const offer = await signedTestListing({}, description);
    const text = escrowOfferToText(offer);
    const viaEthers = `${ESCROW_OFFER_TEXT_PREFIX}1:${encodeBase64(toUtf8Bytes(encodeEscrowOffer(offer)))}`;
    assert.equal(text, viaEthers, description);
    assert.deepEqual(escrowOfferFromText(text), offer, description);
  }
});

test('peekEscrowOfferItem reads the description for a placeholder and nothing from broken text', async () => {
  const offer = await signedTestListing({}, 'Fahrrad – grün');
  assert.equal(peekEscrowOfferItem(escrowOfferToText(offer)), 'Fahrrad – grün');
  const { description: _, ...bare } = offer;
  assert.equal(peekEscrowOfferItem(escrowOfferToText(bare)), '');
  for (const text of [
    'hello',
    `${ESCROW_OFFER_TEXT_PREFIX}2:e30=`,
    `${ESCROW_OFFER_TEXT_PREFIX}1:!!!`,
    `${ESCROW_OFFER_TEXT_PREFIX}1:${btoa('not json')}`,
    `${ESCROW_OFFER_TEXT_PREFIX}1:${btoa('null')}`,
    `${ESCROW_OFFER_TEXT_PREFIX}1:${btoa('{"description":7}')}`,
    `${ESCROW_OFFER_TEXT_PREFIX}1:${'A'.repeat(MAX_OFFER_CHARS)}`,
  ]) {
    assert.equal(peekEscrowOfferItem(text), '', text.slice(0, 40));
  }
  assert.equal(peekEscrowOfferItem(`${ESCROW_OFFER_TEXT_PREFIX}1:${btoa('{"description":"x"}')}`), 'x');
});

test('isEscrowOfferText goes by the prefix only', () => {
  assert.equal(isEscrowOfferText(`${ESCROW_OFFER_TEXT_PREFIX}1:abc`), true);
  assert.equal(isEscrowOfferText(` ${ESCROW_OFFER_TEXT_PREFIX}1:abc`), false);
  assert.equal(isEscrowOfferText('see cryptalk-escrow-offer:1:abc'), false);
});

test('escrowOfferMessageText posts a payload or an offer text, and refuses anything else', async () => {
  const offer = await signedTestListing();
  const text = escrowOfferToText(offer);
  assert.equal(escrowOfferMessageText(offer), text);
  assert.equal(escrowOfferMessageText(text), text);
  for (const bad of ['hello', `${ESCROW_OFFER_TEXT_PREFIX}2:e30=`, 42, null, {}, { ...offer, v: 2 }]) {
    assert.throws(() => escrowOfferMessageText(bad as never), TypeError, String(bad));
  }
  assert.throws(
    () => escrowOfferMessageText(`${ESCROW_OFFER_TEXT_PREFIX}1:${'A'.repeat(MAX_OFFER_CHARS)}`),
    RangeError,
  );
});
