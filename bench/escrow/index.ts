/**
 * Gas used by every escrow, HTLC and channel operation, measured on anvil (cancun, optimizer 200 runs), printed
 * as a table beside the targets and published figures of other escrow/HTLC contracts.
 *
 * Run: node --conditions=source --import tsx bench/escrow/index.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { startTestChain } from '@cryptalk/marketplace/testing';
import {
  type Contract,
  hexlify,
  type TransactionReceipt,
  type Wallet,
  ZeroAddress,
  ZeroHash,
  zeroPadValue,
} from 'ethers';

const chain = await startTestChain();
const [deployer, buyer, seller, arbiter, stranger] = chain.signers as [
  Wallet,
  Wallet,
  Wallet,
  Wallet,
  Wallet,
];

async function send(c: Contract, who: Wallet, method: string, ...args: unknown[]): Promise<bigint> {
  const tx = await (c.connect(who) as Contract).getFunction(method)(...args);
  const receipt = (await tx.wait()) as TransactionReceipt;
  return receipt.gasUsed;
}

const rows: { op: string; gas: bigint; target?: string; published?: string }[] = [];
const row = (op: string, gas: bigint, target?: string, published?: string) =>
  rows.push({ op, gas, target, published });

try {
  const vault = await chain.deploy('EscrowVault', deployer);
  const market = await chain.deploy('Marketplace', deployer, await vault.getAddress());
  const htlc = await chain.deploy('HTLC', deployer);
  const pc = await chain.deploy('PaymentChannel', deployer);
  const token = await chain.deploy('TestToken', deployer);
  for (const w of [buyer, seller]) {
    await send(token, deployer, 'mint', w.address, 10n ** 24n);
    for (const spender of [vault, market, htlc, pc])
      await send(token, w, 'approve', await spender.getAddress(), 2n ** 255n);
  }
  const now = await chain.now();
  let salt = 0;
  const terms = (o: Record<string, unknown> = {}) => ({
    buyer: buyer.address,
    seller: seller.address,
    arbiter: arbiter.address,
    token: ZeroAddress,
    amount: 10n ** 18n,
    buyerDeposit: 0n,
    sellerDeposit: 0n,
    titleToken: ZeroAddress,
    titleId: 0n,
    shipBy: now + 30 * 86_400,
    inspectionPeriod: 3 * 86_400,
    arbitrationPeriod: 7 * 86_400,
    defaultBuyerBps: 5_000,
    salt: zeroPadValue(`0x${(++salt).toString(16).padStart(2, '0')}`, 32),
    ...o,
  });
  // Warm-up: the vault and the seller already hold some ETH and tokens, as in steady state.
  const warm = terms({ token: await token.getAddress() });
  await send(vault, buyer, 'open', warm);

  const eth = terms();
  row(
    'escrow open+fund (ETH)',
    await send(vault, buyer, 'open', eth, { value: eth.amount }),
    '≤ 120,000',
    'LocalEthereum create ≈ 69k',
  );
  const erc = terms({ token: await token.getAddress() });
  row('escrow open+fund (ERC-20)', await send(vault, buyer, 'open', erc), '≤ 120,000');
  row('escrow ship', await send(vault, seller, 'ship', eth));
  row('escrow release', await send(vault, buyer, 'release', eth), '≤ 50,000', 'LocalEthereum release ≈ 52k');
  row('escrow withdraw (seller, ETH)', await send(vault, seller, 'withdraw', eth));
  row('escrow refund', await send(vault, seller, 'refund', erc));
  row('escrow withdraw (buyer, ERC-20)', await send(vault, buyer, 'withdraw', erc));
  const d = terms();
  await send(vault, buyer, 'open', d, { value: d.amount });
  row('escrow dispute', await send(vault, buyer, 'dispute', d));
  row('escrow rule (split)', await send(vault, arbiter, 'rule', d, 4_000));
  const x = terms();
  await send(vault, buyer, 'open', x, { value: x.amount });
  await chain.increaseTime(31 * 86_400);
  row('escrow expire (timed exit)', await send(vault, stranger, 'expire', x));

  const listing = {
    maker: seller.address,
    taker: ZeroAddress,
    token: ZeroAddress,
    price: 10n ** 18n,
    item: ZeroHash,
    arbiter: arbiter.address,
    shipWithin: 86_400,
    inspectionPeriod: 86_400,
    arbitrationPeriod: 86_400,
    defaultBuyerBps: 5_000,
    nonce: 1n,
    counter: 0n,
    expiry: (await chain.now()) + 3_600,
  };
  const { chainId } = await chain.provider.getNetwork();
  const domain = {
    name: 'CrypTalk Marketplace',
    version: '1',
    chainId,
    verifyingContract: await market.getAddress(),
  };
  const listingType = {
    Listing: [
      { name: 'seller', type: 'address' },
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
    ],
  };
  const sign = (l: typeof listing) => {
    const { maker, ...rest } = l;
    return seller.signTypedData(domain, listingType, { seller: maker, ...rest });
  };
  row(
    'marketplace fill listing into escrow (ETH)',
    await send(market, buyer, 'fillListing', listing, await sign(listing), { value: listing.price }),
  );
  const direct = { ...listing, arbiter: ZeroAddress, nonce: 2n };
  row(
    'marketplace fill listing direct (ETH)',
    await send(market, buyer, 'fillListing', direct, await sign(direct), { value: direct.price }),
  );

  const secret = randomBytes(32);
  const lock = {
    sender: buyer.address,
    receiver: seller.address,
    token: ZeroAddress,
    amount: 10n ** 18n,
    hashlock: `0x${createHash('sha256').update(secret).digest('hex')}`,
    timelock: (await chain.now()) + 3_600,
    salt: ZeroHash,
  };
  row(
    'HTLC lock (ETH)',
    await send(htlc, buyer, 'lock', lock, { value: lock.amount }),
    undefined,
    'BEP3 HTLT ≈ 138k',
  );
  row(
    'HTLC claim (ETH)',
    await send(htlc, stranger, 'claim', lock, hexlify(secret)),
    undefined,
    'BEP3 claim 35–45k',
  );
  const lock20 = { ...lock, token: await token.getAddress(), salt: zeroPadValue('0x01', 32) };
  row('HTLC lock (ERC-20)', await send(htlc, buyer, 'lock', lock20), undefined, 'BEP3 HTLT ≈ 138k');
  const lock3 = { ...lock, salt: zeroPadValue('0x02', 32) };
  await send(htlc, buyer, 'lock', lock3, { value: lock3.amount });
  await chain.increaseTime(3_601);
  row('HTLC refund (ETH)', await send(htlc, stranger, 'refund', lock3));

  const expiry = (await chain.now()) + 86_400;
  const id = await pc.getFunction('nextChannelId')(buyer.address);
  row(
    'channel open (ETH)',
    await send(pc, buyer, 'open', seller.address, ZeroAddress, 10n ** 18n, expiry, { value: 10n ** 18n }),
  );
  const vDomain = {
    name: 'CrypTalk PaymentChannel',
    version: '1',
    chainId,
    verifyingContract: await pc.getAddress(),
  };
  const vType = {
    Voucher: [
      { name: 'channelId', type: 'bytes32' },
      { name: 'amount', type: 'uint256' },
    ],
  };
  row(
    'channel settle (voucher, stays open)',
    await send(
      pc,
      seller,
      'settle',
      id,
      10n ** 17n,
      await buyer.signTypedData(vDomain, vType, { channelId: id, amount: 10n ** 17n }),
    ),
  );
  row(
    'channel close (voucher)',
    await send(
      pc,
      seller,
      'close',
      id,
      3n * 10n ** 17n,
      await buyer.signTypedData(vDomain, vType, { channelId: id, amount: 3n * 10n ** 17n }),
    ),
  );
  row('channel reclaim (sender)', await send(pc, buyer, 'reclaim', id));

  const w = [44, 10, 12, 30];
  const line = (c: string[]) => `| ${c.map((s, i) => s.padEnd(w[i]!)).join(' | ')} |`;
  console.log(line(['operation', 'gas', 'target', 'published']));
  console.log(line(w.map((n) => '-'.repeat(n))));
  for (const r of rows)
    console.log(line([r.op, r.gas.toLocaleString('en-US'), r.target ?? '', r.published ?? '']));
  const open = rows.find((r) => r.op === 'escrow open+fund (ETH)')!.gas;
  const release = rows.find((r) => r.op === 'escrow release')!.gas;
  console.log(
    `\nopen+fund ${open <= 120_000n ? 'meets' : 'MISSES'} ≤ 120k; release ${release <= 50_000n ? 'meets' : 'MISSES'} ≤ 50k`,
  );
} finally {
  await chain.stop();
}
