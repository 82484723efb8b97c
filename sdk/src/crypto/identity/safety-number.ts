/**
 * Safety numbers: a human-comparable fingerprint of two identities, stable and independent of who computes it.
 * Modeled on Signal's numeric fingerprint (iterated SHA-512, 5-digit chunks).
 *
 * ```
 * key     = signingKey (32) || dhKey (32)
 * h_0     = SHA-512("CrypTalk v1 safety number" || 0x00 || key || lp16(stableId))
 * h_i     = SHA-512(h_{i-1} || key)                          for i = 1 .. 5199
 * fp      = h_5199[0..30]                                     30 bytes
 * digits  = for each 5-byte chunk c of fp: (u40(c) mod 100000), zero-padded to 5 digits  -> 30 digits
 * number  = min(digitsA, digitsB) || max(digitsA, digitsB)    60 digits, shown as 12 groups of 5
 * qr      = "1" || number                                     61 ASCII digits (QR numeric mode)
 * ```
 *
 * @module
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { abytes, concatBytes, equalBytes, lp16, utf8 } from '../bytes.js';
import { LABEL_SAFETY_NUMBER } from '../labels.js';
import { SAFETY_NUMBER_ITERATIONS } from '../limits.js';
import type { PublicIdentity } from './public-identity.js';

/** Version digit that starts the QR payload. */
export const SAFETY_NUMBER_QR_VERSION = '1';

/** One party of a safety number: its identity and a stable identifier (user id; may be empty). */
export interface SafetyNumberParty {
  /** The party's public identity. */
  identity: PublicIdentity;
  /** A stable identifier, e.g. the user id. */
  stableId: string;
}

function fingerprintDigits(party: SafetyNumberParty): string {
  const key = concatBytes(
    abytes(party.identity.signingKey, 32, 'signingKey'),
    abytes(party.identity.dhKey, 32, 'dhKey'),
  );
  let h = sha512(
    concatBytes(utf8(LABEL_SAFETY_NUMBER), new Uint8Array([0]), key, lp16(utf8(party.stableId))),
  );
  for (let i = 1; i < SAFETY_NUMBER_ITERATIONS; i++) h = sha512(concatBytes(h, key));
  let out = '';
  for (let c = 0; c < 6; c++) {
    let v = 0;
    for (let j = 0; j < 5; j++) v = v * 256 + (h[c * 5 + j] as number);
    out += String(v % 100000).padStart(5, '0');
  }
  return out;
}

/** A computed safety number. */
export interface SafetyNumber {
  /** 60 digits. */
  digits: string;
  /** 12 groups of 5 digits separated by spaces, for display. */
  display: string;
  /** 61-digit QR payload (numeric mode). */
  qr: string;
}

/**
 * Computes the safety number of two parties. `safetyNumber(a, b)` equals `safetyNumber(b, a)`.
 *
 * @example
 * safetyNumber({ identity: alice, stableId: 'alice' }, { identity: bob, stableId: 'bob' }).display
 */
export function safetyNumber(a: SafetyNumberParty, b: SafetyNumberParty): SafetyNumber {
  const da = fingerprintDigits(a);
  const db = fingerprintDigits(b);
  const digits = da < db ? da + db : db + da;
  const display = digits.match(/.{5}/g)?.join(' ') ?? digits;
  return { digits, display, qr: SAFETY_NUMBER_QR_VERSION + digits };
}

/**
 * Compares a scanned QR payload with the locally computed number (constant time).
 *
 * @returns true only when they match exactly.
 */
export function verifySafetyNumberQr(local: SafetyNumber, scanned: string): boolean {
  if (typeof scanned !== 'string') return false;
  return equalBytes(utf8(local.qr), utf8(scanned));
}
