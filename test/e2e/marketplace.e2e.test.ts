import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type MarketplaceDemo, startMarketplaceDemo } from '../../examples/marketplace-demo/start.js';
import { launchChromium } from '../helpers/browser.js';

let demo: MarketplaceDemo;
let browser: Browser;

before(async () => {
  demo = await startMarketplaceDemo();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
});

/** Forwards one JSON-RPC call to anvil (whose default accounts are unlocked, so it signs and sends). */
async function anvil(method: string, params: unknown[]): Promise<{ result?: unknown; error?: unknown }> {
  const res = await fetch(demo.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return (await res.json()) as { result?: unknown; error?: unknown };
}

/**
 * A browser context with an injected EIP-1193 wallet (`window.ethereum`) holding one anvil account: the page's
 * requests cross into Node through a binding and go to anvil's JSON-RPC. No extension involved.
 */
async function walletContext(account: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.exposeBinding('__cryptalkWalletRpc', async (_source, method: string, params: unknown[]) => {
    if (method === 'eth_requestAccounts' || method === 'eth_accounts') return { result: [account] };
    if (method === 'wallet_switchEthereumChain') return { error: { code: 4902, message: 'unknown chain' } };
    return anvil(method, params ?? []);
  });
  await context.addInitScript(() => {
    const call = (
      window as unknown as Record<
        string,
        (
          m: string,
          p: unknown,
        ) => Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }>
      >
    ).__cryptalkWalletRpc!;
    (window as unknown as { ethereum: unknown }).ethereum = {
      async request({ method, params }: { method: string; params?: unknown[] }) {
        const r = await call(method, params ?? []);
        if (r.error)
          throw Object.assign(new Error(r.error.message), { code: r.error.code, data: r.error.data });
        return r.result;
      },
      on() {},
      removeListener() {},
    };
  });
  return context;
}

/** The demo page for one side; the chunk requests it makes are recorded in `chunks`. */
async function openDemo(
  context: BrowserContext,
  errors: string[],
  url: string,
  chunks: string[],
): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => {
    if (r.url().endsWith('/cryptalk-escrow.js')) chunks.push(r.url());
  });
  await page.goto(url);
  // Connected to the relay (room created or joined) once the composer's send button is enabled.
  await page.locator('cryptalk-chat [part=send]:not([disabled])').waitFor({ timeout: 60_000 });
  return page;
}

/** The invite link of the seller's room (its joining secret is in the fragment). */
const inviteLink = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('cryptalk-chat') as unknown as {
      backend: { inviteLink(room: string): Promise<string> };
      getAttribute(name: string): string;
    };
    return el.backend.inviteLink(el.getAttribute('room'));
  });

/** Sends a text into the room through the page API of `<cryptalk-chat>`. */
const say = (page: Page, text: string) =>
  page.evaluate(
    (t) => (document.querySelector('cryptalk-chat') as unknown as { send(t: string): Promise<void> }).send(t),
    text,
  );

/** The escrow card inside the chat's message list (there is one valid offer in the room). */
const CARD = 'cryptalk-chat [part=message] [part=escrow] cryptalk-escrow-card';

const phase = (page: Page, name: string) =>
  page.locator(`${CARD} [part=state][data-phase=${name}]`).waitFor({ timeout: 60_000 });

async function act(page: Page, action: string): Promise<void> {
  await page
    .locator(`${CARD} [part=action][data-action=${action}]:not([disabled])`)
    .click({ timeout: 60_000 });
}

test('a seller posts an escrow offer into the chat; the buyer funds it from the card in the message list; anvil pays out', async () => {
  const [, sellerWallet, buyerWallet] = demo.chain.signers;
  assert.ok(sellerWallet && buyerWallet);
  const provider = demo.chain.provider;
  const errors: string[] = [];
  const sellerChunks: string[] = [];
  const buyerChunks: string[] = [];

  // Both widgets on the relay, in one room: the seller's page creates it, the buyer follows its invite link.
  const seller = await openDemo(
    await walletContext(sellerWallet.address),
    errors,
    demo.pageUrl(),
    sellerChunks,
  );
  const invite = await inviteLink(seller);
  assert.ok(invite.includes('#ct1.'), 'an invite link with the secret in the fragment');
  const buyer = await openDemo(await walletContext(buyerWallet.address), errors, invite, buyerChunks);
  const hello = `hello seller ${Date.now()}`;
  await say(buyer, hello);
  await seller.locator('cryptalk-chat [part=text]', { hasText: hello }).waitFor({ timeout: 60_000 });
  assert.deepEqual(buyerChunks, [], 'the buyer loads no escrow code before an offer arrives');

  const sellerBefore = await provider.getBalance(sellerWallet.address);
  const buyerBefore = await provider.getBalance(buyerWallet.address);
  const price = 15n * 10n ** 17n; // the demo form's default: 1.5 ETH

  // The seller signs a listing (EIP-712, in the injected wallet); the page posts it with chat.postEscrowOffer().
  await seller.locator('#list').click();
  await seller.locator('#offer-link').waitFor({ timeout: 60_000 });
  const link = (await seller.locator('#offer-link').getAttribute('href')) ?? '';
  const offerText = decodeURIComponent(link.slice(link.indexOf('#offer=') + '#offer='.length));
  assert.ok(offerText.startsWith('cryptalk-escrow-offer:1:'), 'the seller posted the encoded offer');

  // Both see the card in the chat: the buyer's widget loaded the escrow chunk at the first offer.
  await Promise.all([phase(seller, 'offered'), phase(buyer, 'offered')]);
  assert.equal(buyerChunks.length, 1, 'the buyer loaded the escrow chunk once, when the offer arrived');
  const card = buyer.locator(CARD);
  assert.equal(await card.count(), 1);
  assert.equal(await card.locator('[part=item]').textContent(), 'Vintage road bike');
  assert.equal((await card.locator('[part=amount]').textContent())?.trim(), '1.5 ETH');
  assert.equal(
    await buyer.locator('cryptalk-chat [part=message]:not(.own) [part=escrow] cryptalk-escrow-card').count(),
    1,
    'the card is the seller’s message in the buyer’s list',
  );

  // A forged copy (another price, same signature) stays text with a warning: never a second card.
  const wire = JSON.parse(
    Buffer.from(offerText.slice('cryptalk-escrow-offer:1:'.length), 'base64').toString('utf8'),
  );
  wire.order.price = '1';
  await say(seller, `cryptalk-escrow-offer:1:${Buffer.from(JSON.stringify(wire)).toString('base64')}`);
  await buyer.locator('cryptalk-chat [part=offer-warning]').waitFor({ timeout: 60_000 });
  assert.equal(await buyer.locator(CARD).count(), 1, 'the forged offer is not a card');

  // The wallet-connect step on both sides; only the buyer may accept.
  await seller.locator(`${CARD} [part=connect]`).click();
  await buyer.locator(`${CARD} [part=connect]`).click();
  await buyer.locator(`${CARD} [part=wallet] .address`).waitFor({ timeout: 60_000 });
  await seller.locator(`${CARD} [part=wallet] .address`).waitFor({ timeout: 60_000 });
  assert.equal(await seller.locator(`${CARD} [part=action]`).count(), 0);

  // Buyer accepts and pays into escrow → both cards show "funded" (the seller's by polling the chain).
  await act(buyer, 'accept');
  await Promise.all([phase(buyer, 'funded'), phase(seller, 'funded')]);
  await buyer.locator(`${CARD} [part=tx]`).waitFor({ timeout: 60_000 });
  const vault = demo.deployment.escrowVault;
  assert.equal(await provider.getBalance(vault), price, 'the vault holds the price');
  assert.ok(
    buyerBefore - (await provider.getBalance(buyerWallet.address)) >= price,
    'the buyer paid the price',
  );

  // Seller marks shipped → both "shipped"; buyer releases → both "released".
  await act(seller, 'ship');
  await Promise.all([phase(seller, 'shipped'), phase(buyer, 'shipped')]);
  assert.equal(await seller.locator(`${CARD} [data-action=release]`).count(), 0);
  assert.equal(await buyer.locator(`${CARD} [data-action=ship]`).count(), 0);
  await act(buyer, 'release');
  await Promise.all([phase(buyer, 'released'), phase(seller, 'released')]);

  // Pull payment: the seller withdraws the price.
  await act(seller, 'withdraw');
  await seller.locator(`${CARD} [part=status]`, { hasText: 'done' }).waitFor({ timeout: 60_000 });
  await seller.locator(`${CARD} [part=action]`).waitFor({ state: 'detached', timeout: 60_000 });
  assert.equal(await provider.getBalance(vault), 0n, 'the vault paid out everything');
  const sellerGain = (await provider.getBalance(sellerWallet.address)) - sellerBefore;
  assert.ok(
    sellerGain > price - 10n ** 16n && sellerGain < price,
    `the seller got the price minus gas (${sellerGain})`,
  );
  assert.equal(sellerChunks.length, 1, 'the seller’s page and widget share one escrow chunk');
  assert.deepEqual(errors, []);
});
