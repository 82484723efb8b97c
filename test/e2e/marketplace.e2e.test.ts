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

async function openDemo(context: BrowserContext, errors: string[], hash = ''): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${demo.pageUrl({ poll: '400' })}${hash}`);
  // Connected to the relay once the composer's send button is enabled.
  await page.locator('cryptalk-chat [part=send]:not([disabled])').waitFor({ timeout: 30_000 });
  return page;
}

const phase = (page: Page, name: string) =>
  page.locator(`cryptalk-escrow-card [part=state][data-phase=${name}]`).waitFor({ timeout: 30_000 });

async function act(page: Page, action: string): Promise<void> {
  await page.locator(`cryptalk-escrow-card [part=action][data-action=${action}]:not([disabled])`).click();
}

test('a buyer and a seller complete an escrow trade through the widget against anvil', async () => {
  const [, sellerWallet, buyerWallet] = demo.chain.signers;
  assert.ok(sellerWallet && buyerWallet);
  const provider = demo.chain.provider;
  const errors: string[] = [];
  const seller = await openDemo(await walletContext(sellerWallet.address), errors);
  const sellerBefore = await provider.getBalance(sellerWallet.address);
  const buyerBefore = await provider.getBalance(buyerWallet.address);
  const price = 15n * 10n ** 17n; // the demo form's default: 1.5 ETH

  // The seller signs a listing (EIP-712, in the injected wallet) and posts it to the room.
  await seller.locator('#list').click();
  await seller.locator('#offer-link').waitFor({ timeout: 30_000 });
  await phase(seller, 'offered');
  // The buyer opens the offer (the demo's offer link: the same message text the seller posted to the room).
  const link = (await seller.locator('#offer-link').getAttribute('href')) ?? '';
  assert.ok(link.includes('#offer=cryptalk-escrow-offer%3A1%3A'), 'the offer link carries the message text');
  const buyer = await openDemo(
    await walletContext(buyerWallet.address),
    errors,
    link.slice(link.indexOf('#')),
  );
  await phase(buyer, 'offered');
  const card = buyer.locator('cryptalk-escrow-card');
  assert.equal(await card.locator('[part=item]').textContent(), 'Vintage road bike');
  assert.equal((await card.locator('[part=amount]').textContent())?.trim(), '1.5 ETH');

  // Both connect; only the buyer may accept.
  await seller.locator('cryptalk-escrow-card [part=connect]').click();
  await buyer.locator('cryptalk-escrow-card [part=connect]').click();
  await buyer.locator('cryptalk-escrow-card [part=wallet] .address').waitFor();
  assert.equal(await seller.locator('cryptalk-escrow-card [part=action]').count(), 0);

  // Buyer accepts and pays into escrow → both cards show "funded".
  await act(buyer, 'accept');
  await Promise.all([phase(buyer, 'funded'), phase(seller, 'funded')]);
  await buyer.locator('cryptalk-escrow-card [part=tx]').waitFor();
  const vault = demo.deployment.escrowVault;
  assert.equal(await provider.getBalance(vault), price, 'the vault holds the price');
  assert.ok(
    buyerBefore - (await provider.getBalance(buyerWallet.address)) >= price,
    'the buyer paid the price',
  );

  // Seller marks shipped → both "shipped"; buyer releases → both "released".
  await seller.locator('cryptalk-escrow-card [data-action=ship]').waitFor();
  await act(seller, 'ship');
  await Promise.all([phase(seller, 'shipped'), phase(buyer, 'shipped')]);
  assert.equal(await seller.locator('cryptalk-escrow-card [data-action=release]').count(), 0);
  await act(buyer, 'release');
  await Promise.all([phase(buyer, 'released'), phase(seller, 'released')]);

  // Pull payment: the seller withdraws the price.
  await act(seller, 'withdraw');
  await seller
    .locator('cryptalk-escrow-card [part=status]', { hasText: 'done' })
    .waitFor({ timeout: 30_000 });
  await seller.locator('cryptalk-escrow-card [part=action]').waitFor({ state: 'detached', timeout: 30_000 });
  assert.equal(await provider.getBalance(vault), 0n, 'the vault paid out everything');
  const sellerGain = (await provider.getBalance(sellerWallet.address)) - sellerBefore;
  assert.ok(
    sellerGain > price - 10n ** 16n && sellerGain < price,
    `the seller got the price minus gas (${sellerGain})`,
  );
  assert.deepEqual(errors, []);
});
