import type { EscrowAction, EscrowPhase } from '../escrow/types.js';

/**
 * The escrow card's strings. Kept apart from {@link Translation} so the chat core does not carry them: only the
 * lazily loaded escrow chunk imports the `…Escrow` tables.
 */
export interface EscrowStrings {
  /** BCP 47 code (same as the locale's main table). */
  $code: string;
  /** Writing direction. */
  $dir: 'ltr' | 'rtl';
  /** Accessible name of the card, e.g. `Escrow offer: Bike`. */
  card: (item: string) => string;
  /** Shown when an offer has no description. */
  unnamedItem: string;
  amount: string;
  seller: string;
  buyer: string;
  anyone: string;
  you: string;
  status: string;
  phase: Record<EscrowPhase, string>;
  deadline: Record<'offer' | 'shipBy' | 'inspection' | 'ruling', string>;
  deadlinePassed: string;
  action: Record<EscrowAction, string>;
  acceptOffer: string;
  connect: string;
  connectedAs: (address: string) => string;
  switchChain: string;
  pending: (action: string) => string;
  done: (action: string) => string;
  transaction: string;
  errorWrongChain: (chainId: number) => string;
  errorRejected: string;
  errorInsufficientFunds: string;
  errorNoWallet: string;
  errorReverted: (reason: string) => string;
  errorFailed: string;
  errorInvalidOffer: string;
}
