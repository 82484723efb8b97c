import type { EscrowError, EscrowState } from '@cryptalk/sdk/escrow';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { EscrowOfferPayload } from '../../escrow/escrow-offer.js';
import { type EscrowChunk, loadEscrowChunk } from '../../escrow/load-escrow.js';
import type { MemoryEscrowDriver } from '../../escrow/memory-escrow-driver.js';
import { seriousViolations } from '../../testing/a11y.js';
import type { CryptalkEscrowCard } from './escrow.component.js';
import type { CryptalkEscrowChangeEvent } from './escrow-change-event.js';

// The card is tested as it ships: from the built lazy chunk (widget/dist/cryptalk-escrow.js), loaded through
// loadEscrowChunk. (ethers needs its package.json `browser` map, which the test runner's resolver ignores.)

/** `signedTestListing()` of widget/src/escrow/testing-offer.ts as message text (EIP-712 signatures are deterministic). */
const GOLDEN_OFFER =
  'cryptalk-escrow-offer:1:eyJ2IjoxLCJjaGFpbklkIjozMTMzNywibWFya2V0cGxhY2UiOiIweGU3ZjE3MjVFNzczNENFMjg4RjgzNjdlMUJiMTQzRTkwYmIzRjA1MTIiLCJraW5kIjoibGlzdGluZyIsIm9yZGVyIjp7Im1ha2VyIjoiMHg3MDk5Nzk3MEM1MTgxMmRjM0EwMTBDN2QwMWI1MGUwZDE3ZGM3OUM4IiwidGFrZXIiOiIweDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAiLCJ0b2tlbiI6IjB4MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMCIsInByaWNlIjoiMTAwMDAwMDAwMDAwMDAwMDAwMCIsIml0ZW0iOiIweGE2ZmRjZDQ5OWU4OWVhYTA0YTJiNTZmMDMyNWJhMmQyZjUxMGMyZjk2ZmNjMDAyNWQ4OTEzZjg3OWRjMDIyMGYiLCJhcmJpdGVyIjoiMHg5MEY3OWJmNkVCMmM0Zjg3MDM2NUU3ODU5ODJFMWYxMDFFOTNiOTA2Iiwic2hpcFdpdGhpbiI6NjA0ODAwLCJpbnNwZWN0aW9uUGVyaW9kIjoyNTkyMDAsImFyYml0cmF0aW9uUGVyaW9kIjo2MDQ4MDAsImRlZmF1bHRCdXllckJwcyI6NTAwMCwibm9uY2UiOiI0MiIsImNvdW50ZXIiOiIwIiwiZXhwaXJ5Ijo0MTAyNDQ0ODAwfSwic2lnbmF0dXJlIjoiMHg0ODAwYTgwYTFiMmY0OWNhZWJlMzZlNjI0MTEyYjkxMDM5Mzg3MzY0YWYwODYwNzZiYjc5MDhhMDFjOWNlNjQwNmRiMTBlYWY0NjlmODY1NjVmMzAzOWMyYjI0MmJhNmUyNDVmMjUyM2RkMDk2NjcwMmVlMTQzNGQ2Y2ZjZWQ0ZjFjIiwiZGVzY3JpcHRpb24iOiJWaW50YWdlIGJpa2UifQ==';
/** Anvil's accounts 1 (the test seller) and 2 (the test buyer). */
const seller = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const buyer = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const NOW = 1_800_000_000;
let chunk: EscrowChunk;
let offer: EscrowOfferPayload;

/** The memory driver's failures are EscrowErrors; the card reads only their stable code and revert name. */
const escrowError = (code: string, revert?: string) =>
  ({ code, ...(revert ? { revert: { name: revert, args: [] } } : {}) }) as unknown as EscrowError;

before(async () => {
  try {
    chunk = await loadEscrowChunk(new URL('/widget/dist/', location.href));
  } catch (e) {
    throw new Error(
      `widget/dist/cryptalk-escrow.js is missing or broken: run node widget/scripts/build.mjs (${e})`,
    );
  }
  offer = chunk.escrowOfferFromText(GOLDEN_OFFER);
});

const driverFor = (account: string): MemoryEscrowDriver =>
  new chunk.MemoryEscrowDriver({ account, now: NOW });

async function card(driver: MemoryEscrowDriver, locale = 'en'): Promise<CryptalkEscrowCard> {
  const el = await fixture<CryptalkEscrowCard>(
    html`<cryptalk-escrow-card locale=${locale} poll-interval="60000" .driver=${driver} .offer=${offer}></cryptalk-escrow-card>`,
  );
  await el.refresh();
  await el.updateComplete;
  return el;
}

const q = (el: CryptalkEscrowCard, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const actions = (el: CryptalkEscrowCard) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part=action]')].map((b) => b.dataset.action);
const phase = (el: CryptalkEscrowCard) => q(el, '[part=state]')!.dataset.phase;

async function connected(driver: MemoryEscrowDriver, locale = 'en'): Promise<CryptalkEscrowCard> {
  const el = await card(driver, locale);
  await el.connectWallet();
  await el.updateComplete;
  return el;
}

describe('<cryptalk-escrow-card>', () => {
  it('shows an offer: item, price, seller, deadline, a connect button; accessible', async () => {
    const el = await card(driverFor(buyer));
    expect(q(el, '[part=item]')!.textContent).to.equal('Vintage bike');
    expect(q(el, '[part=amount]')!.textContent!.trim()).to.equal('1 ETH');
    expect(phase(el)).to.equal('offered');
    expect(q(el, '[part=card]')!.getAttribute('aria-label')).to.equal('Escrow offer: Vintage bike');
    expect(q(el, '[part=details]')!.textContent).to.contain('0x7099…79C8');
    expect(q(el, '[part=deadline] time')!.getAttribute('datetime')).to.match(/^2100-01-01/);
    expect(q(el, '[part=connect]')!.textContent).to.equal('Connect wallet');
    expect(actions(el)).to.deep.equal([]);
    expect(q(el, '[part=status]')!.getAttribute('role')).to.equal('status');
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('offers each role only its allowed actions, per state', async () => {
    const cases: [EscrowState, string[], string[]][] = [
      [{ kind: 'none' }, ['accept'], []],
      [
        { kind: 'funded', shipBy: NOW + 60, buyerIn: 1n },
        ['release', 'dispute'],
        ['ship', 'refund', 'dispute'],
      ],
      [{ kind: 'funded', shipBy: NOW - 1, buyerIn: 1n }, ['release', 'expire'], ['refund', 'expire']],
      [
        { kind: 'shipped', inspectionEnds: NOW + 60, buyerIn: 1n, sellerIn: 0n },
        ['release', 'dispute'],
        ['refund', 'dispute'],
      ],
      [{ kind: 'disputed', ruleBy: NOW + 60, buyerIn: 1n, sellerIn: 0n }, [], []],
      [{ kind: 'released', buyerIn: 1n, sellerIn: 0n }, [], ['withdraw']],
      [{ kind: 'refunded', buyerIn: 1n, sellerIn: 0n }, ['withdraw'], []],
      [{ kind: 'expired', buyerIn: 1n, sellerIn: 0n }, ['withdraw'], []],
    ];
    for (const [state, asBuyer, asSeller] of cases) {
      for (const [account, expected] of [
        [buyer, asBuyer],
        [seller, asSeller],
      ] as const) {
        const driver = driverFor(account);
        driver.setState(offer, state, buyer);
        const el = await connected(driver);
        expect(actions(el), `${state.kind} as ${account === buyer ? 'buyer' : 'seller'}`).to.deep.equal(
          expected,
        );
        expect(phase(el)).to.equal(state.kind === 'none' ? 'offered' : state.kind);
        if (state.kind === 'funded' && account === seller)
          expect(await seriousViolations(el)).to.deep.equal([]);
      }
    }
  });

  it('runs a whole trade with the memory driver, showing the pending state and the transaction', async () => {
    const driver = driverFor(buyer);
    const el = await connected(driver);
    const changes: string[] = [];
    el.addEventListener('cryptalk-escrow-change', (e: CryptalkEscrowChangeEvent) => changes.push(e.phase));
    const done = el.perform('accept');
    await el.updateComplete;
    expect(q(el, '[part=status]')!.textContent).to.contain(
      'Accept and pay into escrow: confirm in your wallet',
    );
    expect(q(el, '[data-action=accept]')!.hasAttribute('disabled')).to.equal(true);
    await done;
    await el.updateComplete;
    expect(phase(el)).to.equal('funded');
    expect(q(el, '[part=tx]')!.textContent).to.match(/^0x0000…/);
    driver.account = seller;
    el.account = seller;
    await el.perform('ship');
    driver.account = buyer;
    el.account = buyer;
    await el.perform('release');
    await el.updateComplete;
    expect(phase(el)).to.equal('released');
    expect(changes).to.deep.equal(['funded', 'shipped', 'released']);
    expect(driver.log).to.deep.equal(['accept', 'ship', 'release']);
  });

  it('explains wallet errors: declined, insufficient funds, a contract refusal, the wrong network', async () => {
    const driver = driverFor(buyer);
    const el = await connected(driver);
    const error = () => q(el, '[part=error]')!.textContent!.trim();
    for (const [e, text] of [
      [escrowError('ESCROW_SIGNATURE_REJECTED'), 'You declined the request in your wallet.'],
      [escrowError('ESCROW_INSUFFICIENT_FUNDS'), 'Your wallet does not hold enough'],
      [escrowError('ESCROW_CONTRACT_REVERT', 'MarketplaceNonceUsed'), 'MarketplaceNonceUsed'],
    ] as const) {
      driver.failNext(e);
      await el.perform('accept');
      await el.updateComplete;
      expect(error()).to.contain(text);
      expect(q(el, '[part=error]')!.getAttribute('role')).to.equal('alert');
    }
    driver.chainId = 1;
    await el.refresh();
    await el.updateComplete;
    expect(error()).to.contain('Switch to chain 31337');
    q(el, '.switch')!.click();
    await waitUntil(() => !q(el, '[part=error]')!.textContent!.trim(), 'the switch clears the error');
    expect(await seriousViolations(el)).to.deep.equal([]);
  });

  it('says when there is no wallet, and refuses a forged offer', async () => {
    const el = await fixture<CryptalkEscrowCard>(
      html`<cryptalk-escrow-card poll-interval="60000" .offer=${offer}></cryptalk-escrow-card>`,
    );
    if (!('ethereum' in window)) {
      await el.connectWallet();
      await el.updateComplete;
      expect(q(el, '[part=error]')!.textContent).to.contain('No wallet found');
    }
    const forged = JSON.parse(chunk.encodeEscrowOffer(offer));
    forged.order.price = '1';
    el.offerText = JSON.stringify(forged);
    await el.updateComplete;
    expect(el.offer).to.equal(undefined);
    expect(q(el, '[part=error]')!.textContent).to.contain('signature does not match');
    el.offerText = chunk.escrowOfferToText(offer);
    await el.updateComplete;
    expect(el.offer?.description).to.equal('Vintage bike');
  });

  it('lays out right to left in Arabic and translates in German and Japanese', async () => {
    const ar = await connected(driverFor(buyer), 'ar');
    expect(q(ar, '[part=card]')!.getAttribute('dir')).to.equal('rtl');
    expect(q(ar, '[data-action=accept]')!.textContent).to.equal('اقبل وادفع في الضمان');
    expect(await seriousViolations(ar)).to.deep.equal([]);
    const de = await connected(driverFor(buyer), 'de');
    expect(q(de, '[part=state]')!.textContent).to.equal('Angeboten');
    const ja = await connected(driverFor(buyer), 'ja');
    expect(q(ja, '[data-action=accept]')!.textContent).to.equal('承諾してエスクローに支払う');
  });
});
