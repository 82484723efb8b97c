import { arEscrow } from './ar.js';
import { deEscrow } from './de.js';
import { enEscrow } from './en.js';
import type { EscrowStrings } from './escrow-strings.js';
import { jaEscrow } from './ja.js';

export type { EscrowStrings } from './escrow-strings.js';

const ESCROW = [enEscrow, deEscrow, arEscrow, jaEscrow];

/**
 * The escrow card's strings for a locale: exact code, then its language, then English.
 * @param code - a BCP 47 code; '' means the browser's language.
 * @returns the table.
 */
export function escrowStringsFor(code: string): EscrowStrings {
  const wanted = (code || (typeof navigator === 'undefined' ? '' : navigator.language) || 'en').toLowerCase();
  return (
    ESCROW.find((s) => s.$code === wanted) ?? ESCROW.find((s) => s.$code === wanted.split('-')[0]) ?? enEscrow
  );
}
