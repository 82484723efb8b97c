// The escrow card's catalogue entries (spread into STORIES by src/stories.ts), played by the memory escrow
// driver: the vault's state machine without a chain, so every state shows without anvil or a wallet.
import { EscrowError, type EscrowState } from '@cryptalk/sdk/escrow';
import type { CryptalkEscrowCard } from '../../widget/src/components/escrow/escrow.component.js';
import { escrowOfferFromText } from '../../widget/src/escrow/escrow-offer.js';
import { MemoryEscrowDriver } from '../../widget/src/escrow/memory-escrow-driver.js';
import { TEST_LISTING_TEXT } from '../../widget/src/escrow/testing-offer.js';
import { el, frame } from './fixtures.js';
import type { Story, StoryContext } from './story.js';

const C = 'cryptalk-escrow-card';
/** Anvil's accounts 1 and 2: the test listing's seller, and a buyer. */
const SELLER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const BUYER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
/** Chain time of every story (deadlines are shown relative to it). */
const NOW = Date.UTC(2026, 0, 15, 9, 30) / 1000;
const DAY = 86_400;

/**
 * The escrow chunk defines the card; it is loaded on the first escrow story as the widget loads it on the first
 * offer (Node imports this catalogue only to count stories). Each story adds its card once the chunk is in.
 */
let chunk: Promise<unknown> | undefined;

interface Setup {
  /** The connected account. */
  account: string;
  /** The vault's state; none = the offer is open. */
  state?: EscrowState;
  /** The wallet's chain (another one than the offer's shows the wrong-network error). */
  chainId?: number;
  /** Connect the wallet once shown; an error makes the connect fail with it. */
  connect?: true | EscrowError;
}

function card(ctx: StoryContext, setup: Setup): HTMLElement {
  chunk ??= import('../../widget/src/escrow/chunk.js');
  const offer = escrowOfferFromText(TEST_LISTING_TEXT);
  const driver = new MemoryEscrowDriver({
    account: setup.account,
    now: NOW,
    ...(setup.chainId ? { chainId: setup.chainId } : {}),
  });
  if (setup.state) driver.setState(offer, setup.state, BUYER);
  const box = frame(380, 420, el('div'));
  void chunk.then(async () => {
    const c = el<CryptalkEscrowCard>(C, {
      '.driver': driver,
      '.offer': offer,
      locale: ctx.locale,
      'poll-interval': 60_000,
    });
    box.replaceChildren(c);
    await c.updateComplete;
    const { connect } = setup;
    if (connect instanceof EscrowError) driver.failNext(connect);
    if (connect) await c.connectWallet();
    else await c.refresh();
  });
  return box;
}

/** Every state of the escrow card the issue asks for. */
export const ESCROW_STORIES: Story[] = [
  { component: C, name: 'offer (buyer)', render: (ctx) => card(ctx, { account: BUYER, connect: true }) },
  { component: C, name: 'offer (seller)', render: (ctx) => card(ctx, { account: SELLER, connect: true }) },
  {
    component: C,
    name: 'funded (seller)',
    render: (ctx) =>
      card(ctx, {
        account: SELLER,
        connect: true,
        state: { kind: 'funded', shipBy: NOW + 5 * DAY, buyerIn: 10n ** 18n },
      }),
  },
  {
    component: C,
    name: 'shipped (buyer)',
    render: (ctx) =>
      card(ctx, {
        account: BUYER,
        connect: true,
        state: { kind: 'shipped', inspectionEnds: NOW + 2 * DAY, buyerIn: 10n ** 18n, sellerIn: 0n },
      }),
  },
  {
    component: C,
    name: 'released (seller)',
    render: (ctx) =>
      card(ctx, {
        account: SELLER,
        connect: true,
        state: { kind: 'released', buyerIn: 10n ** 18n, sellerIn: 0n },
      }),
  },
  {
    component: C,
    name: 'disputed',
    render: (ctx) =>
      card(ctx, {
        account: BUYER,
        connect: true,
        state: { kind: 'disputed', ruleBy: NOW + 6 * DAY, buyerIn: 10n ** 18n, sellerIn: 0n },
      }),
  },
  {
    component: C,
    name: 'wrong chain',
    render: (ctx) => card(ctx, { account: BUYER, chainId: 1 }),
  },
  {
    component: C,
    name: 'wallet declined',
    render: (ctx) => card(ctx, { account: BUYER, connect: EscrowError.rejected() }),
  },
];
