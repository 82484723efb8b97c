/**
 * The escrow card's state machine in one place: the phase, the viewer's role, the deadline that matters now,
 * and the actions the viewer may take — derived from the offer and the last chain snapshot, mirroring the
 * rules of `EscrowVault` (docs/escrow.md).
 *
 * @module
 */
import { ZeroAddress } from 'ethers';
import type { EscrowOfferPayload } from './escrow-offer.js';
import type { EscrowAction, EscrowPhase, EscrowRole, EscrowSnapshot } from './types.js';

/** What the card shows. */
export interface EscrowCardModel {
  phase: EscrowPhase;
  role: EscrowRole;
  /** The seller, when known. */
  seller: string | undefined;
  /** The buyer, when known (a listing open to anyone has none until filled). */
  buyer: string | undefined;
  /** The deadline of the current phase (unix seconds), and whether it has passed. */
  deadline?: { kind: 'offer' | 'shipBy' | 'inspection' | 'ruling'; at: number; passed: boolean };
  /** The viewer's actions, most important first. */
  actions: EscrowAction[];
}

const same = (a: string | undefined, b: string | undefined) =>
  !!a && !!b && a.toLowerCase() === b.toLowerCase();

/**
 * Derives the card's model.
 *
 * @param offer - the offer payload.
 * @param snapshot - the last reading of the chain, or undefined before the first.
 * @param account - the connected account, or undefined.
 * @returns the model.
 */
export function escrowCardModel(
  offer: EscrowOfferPayload,
  snapshot: EscrowSnapshot | undefined,
  account: string | undefined,
): EscrowCardModel {
  const { kind, order } = offer.order;
  const escrow = snapshot?.escrow;
  const seller = escrow?.terms.seller ?? (kind === 'listing' ? order.maker : order.taker);
  const buyer =
    escrow?.terms.buyer ??
    (kind === 'offer' ? order.maker : order.taker === ZeroAddress ? undefined : order.taker);
  const arbiter = escrow?.terms.arbiter ?? order.arbiter;
  const role: EscrowRole = same(account, seller)
    ? 'seller'
    : same(account, buyer) || (!escrow && kind === 'listing' && !!account && !buyer)
      ? 'buyer'
      : same(account, arbiter)
        ? 'arbiter'
        : 'observer';
  const now = snapshot?.now ?? Math.floor(Date.now() / 1000);
  const party = role === 'buyer' || role === 'seller';
  const state = escrow?.state;

  if (!state || state.kind === 'none') {
    const passed = now > order.expiry;
    const gone = passed || (snapshot?.nonceUsed ?? false);
    const taker = kind === 'listing' ? 'buyer' : 'seller';
    return {
      phase: gone ? 'unavailable' : 'offered',
      role,
      seller,
      buyer,
      deadline: { kind: 'offer', at: order.expiry, passed },
      actions: !gone && snapshot && role === taker ? ['accept'] : [],
    };
  }

  const actions: EscrowAction[] = [];
  const base = { role, seller, buyer };
  switch (state.kind) {
    case 'funded': {
      const passed = now > state.shipBy;
      if (role === 'seller' && !passed) actions.push('ship');
      if (role === 'buyer') actions.push('release');
      if (role === 'seller') actions.push('refund');
      if (party && !passed) actions.push('dispute');
      if (party && passed) actions.push('expire');
      return { ...base, phase: 'funded', deadline: { kind: 'shipBy', at: state.shipBy, passed }, actions };
    }
    case 'shipped': {
      const passed = now > state.inspectionEnds;
      if (role === 'buyer') actions.push('release');
      if (role === 'seller') actions.push('refund');
      if (party && !passed) actions.push('dispute');
      if (party && passed) actions.push('autoRelease');
      return {
        ...base,
        phase: 'shipped',
        deadline: { kind: 'inspection', at: state.inspectionEnds, passed },
        actions,
      };
    }
    case 'disputed': {
      const passed = now > state.ruleBy;
      if ((party || role === 'arbiter') && passed) actions.push('resolveByDefault');
      return { ...base, phase: 'disputed', deadline: { kind: 'ruling', at: state.ruleBy, passed }, actions };
    }
    default: {
      const owed = escrow?.owed;
      if (owed && ((role === 'buyer' && owed.buyer > 0n) || (role === 'seller' && owed.seller > 0n))) {
        actions.push('withdraw');
      }
      return { ...base, phase: state.kind, actions };
    }
  }
}

/**
 * Shortens an address for display: `0x1234…abcd`.
 *
 * @param address - a 0x-prefixed address.
 * @returns the short form.
 */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
