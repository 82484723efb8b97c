// Stories of <cryptalk-escrow-card>: one per state in src/escrow-stories.ts.
import { story } from '../src/csf.js';

const C = 'cryptalk-escrow-card';

export default { title: 'Widget/cryptalk-escrow-card', component: C };

export const OfferBuyer = story(C, 'offer (buyer)');
export const OfferSeller = story(C, 'offer (seller)');
export const FundedSeller = story(C, 'funded (seller)');
export const ShippedBuyer = story(C, 'shipped (buyer)');
export const ReleasedSeller = story(C, 'released (seller)');
export const Disputed = story(C, 'disputed');
export const WrongChain = story(C, 'wrong chain');
export const WalletDeclined = story(C, 'wallet declined');
