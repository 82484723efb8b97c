// The marketplace demo: the seller signs a listing and posts it into the room with chat.postEscrowOffer(); every
// member's widget shows the message as a <cryptalk-escrow-card> in the chat (the widget loads its escrow chunk
// on the first offer it sees). The page itself loads the escrow chunk only when the seller signs a listing, or
// to show an offer link (`#offer=…`) outside the room under "Shared offer".
// Query: ?marketplace=0x…&chain=31337&arbiter=0x… (the deployment); ?wallet=dev&rpc=http://127.0.0.1:8545&account=1
// injects the development wallet (dev-wallet.js) when no wallet extension is present.
import { devWallet } from './dev-wallet.js';

const q = new URLSearchParams(location.search);
// Addresses of a fresh anvil deployed by `marketplace/scripts/deploy.ts --local` (marketplace/deployments/31337.json).
const deployment = {
  chainId: Number(q.get('chain') ?? 31337),
  marketplace: q.get('marketplace') ?? '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
};
// Anvil's fourth account rules disputes in the demo.
const arbiter = q.get('arbiter') ?? '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
if (q.get('wallet') === 'dev' && !window.ethereum) {
  window.ethereum = devWallet(q.get('rpc') ?? 'http://127.0.0.1:8545', Number(q.get('account') ?? 1));
}

/** Parses a decimal ETH amount into wei without floating point. */
function parseEth(text) {
  const m = /^\s*(\d+)(?:\.(\d{1,18}))?\s*$/.exec(text);
  if (!m) throw new Error('enter a price like 1.5');
  return BigInt(m[1]) * 10n ** 18n + BigInt((m[2] ?? '').padEnd(18, '0'));
}

/** The escrow chunk beside cryptalk.js (the same module the widget loads for its cards). */
const escrowChunk = () => import(new URL('/dist/cryptalk-escrow.js', location.href).href);
const chat = document.querySelector('cryptalk-chat');
const status = document.getElementById('sell-status');
const OFFER_HASH = '#offer=';

// An offer link (`#offer=…`), for sharing outside the room: shown beside the chat.
if (location.hash.startsWith(OFFER_HASH)) {
  await escrowChunk();
  const card = document.createElement('cryptalk-escrow-card');
  card.setAttribute('poll-interval', q.get('poll') ?? '2000');
  card.offerText = decodeURIComponent(location.hash.slice(OFFER_HASH.length));
  document.getElementById('shared').hidden = false;
  document.getElementById('shared-offer').append(card);
}

document.getElementById('sell-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = document.getElementById('list');
  button.disabled = true;
  status.textContent = 'Sign the listing in your wallet…';
  try {
    if (!window.ethereum) throw new Error('no wallet: install one, or add ?wallet=dev for a local anvil');
    const escrow = await escrowChunk();
    const offer = await escrow.signEscrowListing(window.ethereum, deployment, {
      description: document.getElementById('item').value,
      price: parseEth(document.getElementById('price').value),
      arbiter,
    });
    const link = document.createElement('a');
    link.id = 'offer-link';
    link.href = `${location.pathname}${location.search}${OFFER_HASH}${encodeURIComponent(escrow.escrowOfferToText(offer))}`;
    link.textContent = 'link to this offer';
    try {
      // An ordinary end-to-end-encrypted room message whose text is the encoded offer.
      await chat.postEscrowOffer(offer);
      status.replaceChildren(
        'Listed: the offer is in the chat (share it outside the room with this ',
        link,
        ').',
      );
    } catch (e) {
      status.replaceChildren(`Signed, but the chat did not take it (${e.message}): share this `, link, '.');
    }
  } catch (e) {
    status.textContent = `Not listed: ${e.message}`;
  } finally {
    button.disabled = false;
  }
});
