/**
 * The escrow offer a chat message carries: a signed marketplace order (a seller's listing or a buyer's offer,
 * from `sdk/src/escrow/offers.ts`), the chain and marketplace it is for, and optionally the item description
 * whose keccak256 the order signs.
 *
 * Wire form (version 1), JSON with every integer above 2^53 as a decimal string:
 *
 * ```
 * { "v": 1, "chainId": 31337, "marketplace": "0x…", "kind": "listing" | "offer",
 *   "order": { "maker", "taker", "token", "price", "item", "arbiter", "shipWithin", "inspectionPeriod",
 *              "arbitrationPeriod", "defaultBuyerBps", "nonce", "counter", "expiry" },
 *   "signature": "0x…65 bytes", "description"?: "…" }
 * ```
 *
 * In message text it travels as `cryptalk-escrow-offer:1:` + base64(JSON) ({@link escrowOfferToText}).
 * Decoding is strict: every field is checked against its Solidity type, the description against `order.item`,
 * and the signature against the maker (EIP-712, EOA makers).
 *
 * @module
 */
import type { Hex, Order, SignedOrder } from '@cryptalk/sdk/escrow';
import { decodeBase64, getAddress, id, isAddress, toUtf8String, ZeroAddress } from 'ethers';
import { EscrowOfferError } from './errors.js';
import { MAX_DESCRIPTION_CHARS, MAX_OFFER_CHARS } from './limits.js';
import { isSignedByMaker } from './offer-digest.js';
import { ESCROW_OFFER_TEXT_PREFIX, ESCROW_OFFER_VERSION } from './offer-text.js';

// The text form and the encoder live in offer-text.ts (no ethers), so the chat core can post and spot offers.
export {
  ESCROW_OFFER_TEXT_PREFIX,
  ESCROW_OFFER_VERSION,
  encodeEscrowOffer,
  escrowOfferToText,
  isEscrowOfferText,
} from './offer-text.js';

/** An escrow offer a chat message can attach; what `<cryptalk-escrow-card>` renders. */
export interface EscrowOfferPayload {
  /** Payload version ({@link ESCROW_OFFER_VERSION}). */
  v: typeof ESCROW_OFFER_VERSION;
  /** The chain the marketplace lives on. */
  chainId: number;
  /** The `Marketplace` contract (the EIP-712 `verifyingContract`); the vault is read from it. */
  marketplace: string;
  /** The order and its maker's EIP-712 signature. */
  order: SignedOrder;
  /** The item description; when present, `keccak256(utf8(description))` equals `order.order.item`. */
  description?: string;
}

const UINT256_MAX = (1n << 256n) - 1n;
const UINT32_MAX = 0xffff_ffff;
const ORDER_KEYS = [
  'maker',
  'taker',
  'token',
  'price',
  'item',
  'arbiter',
  'shipWithin',
  'inspectionPeriod',
  'arbitrationPeriod',
  'defaultBuyerBps',
  'nonce',
  'counter',
  'expiry',
] as const;
const PAYLOAD_KEYS = ['v', 'chainId', 'marketplace', 'kind', 'order', 'signature', 'description'];

const bad = (what: string) => EscrowOfferError.invalid(what);

function record(x: unknown, what: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw bad(`${what} must be an object`);
  return x as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], what: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw bad(`${what} has an unknown field ${k}`);
}

function address(x: unknown, what: string): string {
  if (typeof x !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(x) || !isAddress(x)) {
    throw bad(`${what} must be a 20-byte hex address`);
  }
  return getAddress(x);
}

function uint256(x: unknown, what: string): bigint {
  if (typeof x !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(x)) {
    throw bad(`${what} must be a uint256 as a decimal string`);
  }
  const v = BigInt(x);
  if (v > UINT256_MAX) throw bad(`${what} must be a uint256 as a decimal string`);
  return v;
}

function uint(x: unknown, max: number, what: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0 || x > max) {
    throw bad(`${what} must be an integer in 0…${max}`);
  }
  return x;
}

function hex(x: unknown, bytes: number, what: string): Hex {
  if (typeof x !== 'string' || !new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(x)) {
    throw bad(`${what} must be ${bytes} bytes of hex`);
  }
  return x.toLowerCase() as Hex;
}

function decodeOrder(x: unknown): Order {
  const o = record(x, 'order');
  onlyKeys(o, ORDER_KEYS, 'order');
  return {
    maker: address(o.maker, 'order.maker'),
    taker: address(o.taker, 'order.taker'),
    token: address(o.token, 'order.token'),
    price: uint256(o.price, 'order.price'),
    item: hex(o.item, 32, 'order.item'),
    arbiter: address(o.arbiter, 'order.arbiter'),
    shipWithin: uint(o.shipWithin, UINT32_MAX, 'order.shipWithin'),
    inspectionPeriod: uint(o.inspectionPeriod, UINT32_MAX, 'order.inspectionPeriod'),
    arbitrationPeriod: uint(o.arbitrationPeriod, UINT32_MAX, 'order.arbitrationPeriod'),
    defaultBuyerBps: uint(o.defaultBuyerBps, 10_000, 'order.defaultBuyerBps'),
    nonce: uint256(o.nonce, 'order.nonce'),
    counter: uint256(o.counter, 'order.counter'),
    expiry: uint(o.expiry, Number.MAX_SAFE_INTEGER, 'order.expiry'),
  };
}

/**
 * Checks a payload object (already parsed) field by field and verifies its signature.
 *
 * @param input - the parsed JSON value.
 * @returns the typed payload.
 * @throws EscrowOfferError `ESCROW_OFFER_INVALID` naming the first field that breaks its rule.
 */
export function validateEscrowOffer(input: unknown): EscrowOfferPayload {
  const p = record(input, 'the offer');
  onlyKeys(p, PAYLOAD_KEYS, 'the offer');
  if (p.v !== ESCROW_OFFER_VERSION) throw bad(`v must be ${ESCROW_OFFER_VERSION}`);
  const chainId = uint(p.chainId, Number.MAX_SAFE_INTEGER, 'chainId');
  if (chainId === 0) throw bad('chainId must be positive');
  const marketplace = address(p.marketplace, 'marketplace');
  if (p.kind !== 'listing' && p.kind !== 'offer') throw bad('kind must be "listing" or "offer"');
  const order = decodeOrder(p.order);
  const signature = hex(p.signature, 65, 'signature');
  if (order.arbiter === ZeroAddress)
    throw bad('order.arbiter must be set: the card shows escrow orders only');
  if (p.kind === 'offer' && (order.token === ZeroAddress || order.taker === ZeroAddress)) {
    throw bad('an offer must be in an ERC-20 token and name the seller as taker');
  }
  const payload: EscrowOfferPayload = {
    v: ESCROW_OFFER_VERSION,
    chainId,
    marketplace,
    order: { kind: p.kind, order, signature },
  };
  if (p.description !== undefined) {
    if (typeof p.description !== 'string' || p.description.length > MAX_DESCRIPTION_CHARS) {
      throw bad(`description must be a string of at most ${MAX_DESCRIPTION_CHARS} characters`);
    }
    if (id(p.description) !== order.item) throw bad('description does not hash to order.item');
    payload.description = p.description;
  }
  if (!isSignedByMaker(payload.order, chainId, marketplace)) {
    throw bad('the signature is not the maker’s EIP-712 signature for this chain and marketplace');
  }
  return payload;
}

/**
 * Decodes and verifies an offer from its JSON text.
 *
 * @param json - the text from {@link encodeEscrowOffer}.
 * @returns the typed payload.
 * @throws EscrowOfferError `ESCROW_OFFER_INVALID` for text that is too long, not JSON, or breaks a rule.
 */
export function decodeEscrowOffer(json: string): EscrowOfferPayload {
  if (typeof json !== 'string') throw bad('the offer must be a string');
  if (json.length > MAX_OFFER_CHARS) throw bad(`the offer is longer than ${MAX_OFFER_CHARS} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw bad('the offer is not JSON');
  }
  return validateEscrowOffer(parsed);
}

/**
 * Decodes an offer from message text.
 *
 * @param text - a message's text from {@link escrowOfferToText}.
 * @returns the typed payload.
 * @throws EscrowOfferError `ESCROW_OFFER_INVALID` for another prefix or version, bad base64, or a bad offer.
 */
export function escrowOfferFromText(text: string): EscrowOfferPayload {
  if (text.length > MAX_OFFER_CHARS) throw bad(`the offer is longer than ${MAX_OFFER_CHARS} characters`);
  const head = `${ESCROW_OFFER_TEXT_PREFIX}${ESCROW_OFFER_VERSION}:`;
  if (!text.startsWith(head)) throw bad(`message text must start with ${head}`);
  const body = text.slice(head.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw bad('the offer is not base64');
  let json: string;
  try {
    json = toUtf8String(decodeBase64(body));
  } catch {
    throw bad('the offer is not base64 of UTF-8 text');
  }
  return decodeEscrowOffer(json);
}
