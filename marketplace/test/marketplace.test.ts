import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  type Contract,
  id as keccakText,
  Signature,
  type TypedDataField,
  type Wallet,
  ZeroAddress,
  ZeroHash,
} from 'ethers';
import { attempt, type Fixture, State, send, setup } from './fixtures.js';

let f: Fixture;
let market: Contract;
let marketAddr: string;
let tokenAddr: string;
let snap: string;

before(async () => {
  f = await setup();
  market = await f.chain.deploy('Marketplace', f.deployer, await f.vault.getAddress());
  marketAddr = await market.getAddress();
  tokenAddr = await f.token.getAddress();
  snap = await f.chain.snapshot();
});
after(async () => {
  await f?.chain.stop();
});
beforeEach(async () => {
  await f.chain.revert(snap);
  snap = await f.chain.snapshot();
});

interface Order {
  maker: string;
  taker: string;
  token: string;
  price: bigint;
  item: string;
  arbiter: string;
  shipWithin: number;
  inspectionPeriod: number;
  arbitrationPeriod: number;
  defaultBuyerBps: number;
  nonce: bigint;
  counter: bigint;
  expiry: number;
}

const fields = (makerName: string): TypedDataField[] => [
  { name: makerName, type: 'address' },
  { name: 'taker', type: 'address' },
  { name: 'token', type: 'address' },
  { name: 'price', type: 'uint256' },
  { name: 'item', type: 'bytes32' },
  { name: 'arbiter', type: 'address' },
  { name: 'shipWithin', type: 'uint32' },
  { name: 'inspectionPeriod', type: 'uint32' },
  { name: 'arbitrationPeriod', type: 'uint32' },
  { name: 'defaultBuyerBps', type: 'uint16' },
  { name: 'nonce', type: 'uint256' },
  { name: 'counter', type: 'uint256' },
  { name: 'expiry', type: 'uint256' },
];

async function signOrder(signer: Wallet, kind: 'Listing' | 'Offer', o: Order, domain = {}): Promise<string> {
  const { chainId } = await f.chain.provider.getNetwork();
  const makerName = kind === 'Listing' ? 'seller' : 'buyer';
  const { maker, ...rest } = o;
  return signer.signTypedData(
    { name: 'CrypTalk Marketplace', version: '1', chainId, verifyingContract: marketAddr, ...domain },
    { [kind]: fields(makerName) },
    { [makerName]: maker, ...rest },
  );
}

async function order(maker: Wallet, overrides: Partial<Order> = {}): Promise<Order> {
  return {
    maker: maker.address,
    taker: ZeroAddress,
    token: ZeroAddress,
    price: 10n ** 18n,
    item: keccakText('a used bicycle'),
    arbiter: ZeroAddress,
    shipWithin: 86_400,
    inspectionPeriod: 86_400,
    arbitrationPeriod: 86_400,
    defaultBuyerBps: 5_000,
    nonce: 1n,
    counter: 0n,
    expiry: (await f.chain.now()) + 3600,
    ...overrides,
  };
}

async function permitFor(owner: Wallet, value: bigint) {
  const { chainId } = await f.chain.provider.getNetwork();
  const nonce: bigint = await f.token.getFunction('nonces')(owner.address);
  const deadline = (await f.chain.now()) + 3600;
  const sig = Signature.from(
    await owner.signTypedData(
      { name: 'Test Token', version: '1', chainId, verifyingContract: tokenAddr },
      {
        Permit: [
          { name: 'owner', type: 'address' },
          { name: 'spender', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
        ],
      },
      { owner: owner.address, spender: marketAddr, value, nonce, deadline },
    ),
  );
  return { value, deadline, v: sig.v, r: sig.r, s: sig.s };
}

describe('Marketplace: listings', () => {
  it('fills an ETH listing directly: the seller is paid and the nonce is burnt', async () => {
    const l = await order(f.seller);
    const sig = await signOrder(f.seller, 'Listing', l);
    const before = await f.chain.provider.getBalance(f.seller.address);
    await send(market, f.buyer, 'fillListing', l, sig, { value: l.price });
    assert.equal(await f.chain.provider.getBalance(f.seller.address), before + l.price);
    assert.equal(await market.getFunction('nonceUsed')(f.seller.address, 1n), true);
    assert.deepEqual(await f.revertOf(attempt(market, f.buyer, 'fillListing', l, sig, { value: l.price })), {
      name: 'MarketplaceNonceUsed',
      args: [f.seller.address, 1n],
    });
  });

  it('fills a token listing into the escrow; the buyer releases and the seller withdraws', async () => {
    const l = await order(f.seller, { token: tokenAddr, arbiter: f.arbiter.address });
    await send(f.token, f.buyer, 'approve', marketAddr, l.price);
    const receipt = await send(market, f.buyer, 'fillListing', l, await signOrder(f.seller, 'Listing', l));
    const opened = receipt.logs
      .map((log) => {
        try {
          return f.vault.interface.parseLog(log);
        } catch {
          return null;
        }
      })
      .find((p) => p?.name === 'EscrowOpened');
    assert.ok(opened, 'EscrowOpened emitted by the vault');
    const terms = opened.args.terms.toObject();
    assert.equal(terms.buyer, f.buyer.address);
    assert.equal(terms.seller, f.seller.address);
    assert.equal(terms.salt, await market.getFunction('listingDigest')(l));
    const [state] = await f.vault.getFunction('getEscrow')(opened.args.id);
    assert.equal(state, State.Funded);
    await send(f.vault, f.buyer, 'release', terms);
    const before: bigint = await f.token.getFunction('balanceOf')(f.seller.address);
    await send(f.vault, f.seller, 'withdraw', terms);
    assert.equal(await f.token.getFunction('balanceOf')(f.seller.address), before + l.price);
  });

  it('rejects wrong chain, wrong contract, wrong signer, high-s, malformed, expired, stale counter, cancelled nonce and wrong taker', async () => {
    const l = await order(f.seller, { nonce: 7n });
    const good = await signOrder(f.seller, 'Listing', l);
    const invalid = { name: 'MarketplaceInvalidSignature', args: [f.seller.address] };
    const fill = (o: Order, sig: string) =>
      attempt(market, f.buyer, 'fillListing', o, sig, { value: o.price });
    assert.deepEqual(
      await f.revertOf(fill(l, await signOrder(f.seller, 'Listing', l, { chainId: 1n }))),
      invalid,
    );
    assert.deepEqual(
      await f.revertOf(
        fill(l, await signOrder(f.seller, 'Listing', l, { verifyingContract: f.vault.target })),
      ),
      invalid,
    );
    assert.deepEqual(await f.revertOf(fill(l, await signOrder(f.stranger, 'Listing', l))), invalid);
    assert.deepEqual(await f.revertOf(fill(l, await signOrder(f.seller, 'Offer', l))), invalid);
    const s = Signature.from(good);
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const highS = `${s.r}${(n - BigInt(s.s)).toString(16).padStart(64, '0')}${s.v === 27 ? '1c' : '1b'}`;
    assert.deepEqual(await f.revertOf(fill(l, highS)), invalid);
    assert.deepEqual(await f.revertOf(fill(l, '0xdeadbeef')), invalid);
    assert.deepEqual(await f.revertOf(fill(l, `${ZeroHash}${ZeroHash.slice(2)}1b`)), invalid);

    await f.chain.setNextTimestamp(l.expiry + 1);
    assert.deepEqual(await f.revertOf(fill(l, good)), {
      name: 'MarketplaceOrderExpired',
      args: [BigInt(l.expiry), BigInt(l.expiry + 1)],
    });
    const s2 = await f.chain.snapshot();
    await f.chain.setNextTimestamp(l.expiry);
    await send(market, f.buyer, 'fillListing', l, good, { value: l.price });
    await f.chain.revert(s2);

    const other = await order(f.seller, { nonce: 8n, expiry: (await f.chain.now()) + 3600 });
    const otherSig = await signOrder(f.seller, 'Listing', other);
    await send(market, f.seller, 'cancelNonce', 8n);
    assert.deepEqual(await f.revertOf(fill(other, otherSig)), {
      name: 'MarketplaceNonceUsed',
      args: [f.seller.address, 8n],
    });
    const third = { ...other, nonce: 9n };
    const thirdSig = await signOrder(f.seller, 'Listing', third);
    await send(market, f.seller, 'incrementCounter');
    assert.deepEqual(await f.revertOf(fill(third, thirdSig)), {
      name: 'MarketplaceStaleCounter',
      args: [0n, 1n],
    });

    const private_ = await order(f.seller, {
      nonce: 10n,
      counter: 1n,
      taker: f.stranger.address,
      expiry: other.expiry,
    });
    assert.deepEqual(await f.revertOf(fill(private_, await signOrder(f.seller, 'Listing', private_))), {
      name: 'MarketplaceWrongTaker',
      args: [f.stranger.address, f.buyer.address],
    });
    const self = await order(f.seller, { nonce: 11n, counter: 1n, expiry: other.expiry });
    assert.deepEqual(
      await f.revertOf(
        attempt(market, f.seller, 'fillListing', self, await signOrder(f.seller, 'Listing', self), {
          value: self.price,
        }),
      ),
      { name: 'MarketplaceSelfFill', args: [f.seller.address] },
    );
  });
});

describe('Marketplace: offers and EIP-2612 permits', () => {
  it('the seller accepts a token offer; ETH offers are refused', async () => {
    const o = await order(f.buyer, { token: tokenAddr, taker: f.seller.address });
    await send(f.token, f.buyer, 'approve', marketAddr, o.price);
    const before: bigint = await f.token.getFunction('balanceOf')(f.seller.address);
    await send(market, f.seller, 'acceptOffer', o, await signOrder(f.buyer, 'Offer', o));
    assert.equal(await f.token.getFunction('balanceOf')(f.seller.address), before + o.price);
    const open = await order(f.buyer, { token: tokenAddr, nonce: 3n });
    assert.deepEqual(
      await f.revertOf(
        attempt(market, f.seller, 'acceptOffer', open, await signOrder(f.buyer, 'Offer', open)),
      ),
      { name: 'MarketplaceOfferWithoutTaker', args: [] },
    );
    const eth = await order(f.buyer, { nonce: 2n, taker: f.seller.address });
    assert.deepEqual(
      await f.revertOf(attempt(market, f.seller, 'acceptOffer', eth, await signOrder(f.buyer, 'Offer', eth))),
      {
        name: 'MarketplaceEthOffer',
        args: [],
      },
    );
  });

  it('fills with a permit, and a front-run permit cannot block the fill', async () => {
    const l = await order(f.seller, { token: tokenAddr });
    const sig = await signOrder(f.seller, 'Listing', l);
    const permit = await permitFor(f.buyer, l.price);
    // An attacker submits the buyer's permit first, consuming its nonce.
    await send(
      f.token,
      f.stranger,
      'permit',
      f.buyer.address,
      marketAddr,
      permit.value,
      permit.deadline,
      permit.v,
      permit.r,
      permit.s,
    );
    const before: bigint = await f.token.getFunction('balanceOf')(f.seller.address);
    await send(market, f.buyer, 'fillListingWithPermit', l, sig, permit);
    assert.equal(await f.token.getFunction('balanceOf')(f.seller.address), before + l.price);

    const o = await order(f.buyer, {
      token: tokenAddr,
      arbiter: f.arbiter.address,
      nonce: 3n,
      taker: f.seller.address,
    });
    const p2 = await permitFor(f.buyer, o.price);
    await send(market, f.seller, 'acceptOfferWithPermit', o, await signOrder(f.buyer, 'Offer', o), p2);
    assert.equal(await f.token.getFunction('balanceOf')(await f.vault.getAddress()), o.price);
  });

  it('without a permit or allowance the fill fails with the token error', async () => {
    const l = await order(f.seller, { token: tokenAddr, nonce: 4n });
    const err = await f.revertOf(
      attempt(market, f.buyer, 'fillListing', l, await signOrder(f.seller, 'Listing', l)),
    );
    assert.deepEqual(err, { name: 'ERC20InsufficientAllowance', args: [marketAddr, 0n, l.price] });
  });
});
