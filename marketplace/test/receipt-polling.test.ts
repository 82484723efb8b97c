import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type AbstractProvider,
  FetchRequest,
  FetchResponse,
  type JsonRpcApiProvider,
  JsonRpcProvider,
  type TransactionReceipt,
  toUtf8Bytes,
  toUtf8String,
  Wallet,
} from 'ethers';
import { ReceiptPoller, ReceiptPollingBrowserProvider, ReceiptPollingJsonRpcProvider } from '../src/index.js';
import {
  ANVIL_KEYS,
  type AnvilNode,
  eip1193Over,
  type RpcIntercept,
  startAnvil,
} from '../src/testing/index.js';

/**
 * What a node answers to the n-th lookup of one transaction's receipt (1-based): `'null'` (not yet), `'error'`
 * (a failed request) or `'real'` (pass through). Lookups past the script's end pass through.
 */
type Script = readonly ('null' | 'error' | 'real')[];

interface Rpc {
  /** Answers receipt lookups as the scripted node would ({@link RpcIntercept}); other calls pass through. */
  intercept: RpcIntercept;
  /** Receipt lookups made so far. */
  lookups(): number;
}

/** A node that serves receipts late, the way anvil sometimes does under load: as `script` says. */
function scripted(script: Script): Rpc {
  const seen = new Map<string, number>();
  let lookups = 0;
  return {
    intercept(method, params) {
      if (method !== 'eth_getTransactionReceipt') return undefined;
      lookups++;
      const hash = String((params as unknown[])[0]);
      const n = (seen.get(hash) ?? 0) + 1;
      seen.set(hash, n);
      const answer = script[n - 1] ?? 'real';
      if (answer === 'null') return null;
      if (answer === 'error') throw Object.assign(new Error('scripted failure'), { code: -32603 });
      return undefined;
    },
    lookups: () => lookups,
  };
}

/** A JSON-RPC URL's fetch request whose calls go through `rpc` first (one call per request: `batchMaxCount: 1`). */
function fetchThrough(url: string, rpc: Rpc): FetchRequest {
  const req = new FetchRequest(url);
  req.processFunc = async (request, response) => {
    const call = JSON.parse(toUtf8String(request.body ?? new Uint8Array())) as {
      id: number;
      method: string;
      params?: unknown;
    };
    let answer: { result: unknown } | { error: { code: number; message: string } };
    try {
      const result = rpc.intercept(call.method, call.params);
      if (result === undefined) return response;
      answer = { result };
    } catch (e) {
      answer = { error: { code: (e as { code: number }).code, message: (e as Error).message } };
    }
    const body = toUtf8Bytes(JSON.stringify({ jsonrpc: '2.0', id: call.id, ...answer }));
    return new FetchResponse(200, 'OK', { 'content-type': 'application/json' }, body, request);
  };
  return req;
}

/** `p`'s value, or `'pending'` when it has not settled within `ms` (the timer is cleared either way). */
async function settledWithin<T>(p: Promise<T>, ms: number): Promise<{ value: T } | 'pending'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p.then((value) => ({ value })),
      new Promise<'pending'>((r) => {
        timer = setTimeout(() => r('pending'), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

let node: AnvilNode;
let nextKey = 0;
before(async () => {
  node = await startAnvil();
});
after(async () => {
  await node?.stop();
});

/** Sends 1 wei from a fresh anvil account through `provider`; `mined` is the transaction's wait(). */
async function transfer(
  provider: JsonRpcApiProvider,
): Promise<{ mined: Promise<TransactionReceipt | null> }> {
  const wallet = new Wallet(ANVIL_KEYS[nextKey++ % ANVIL_KEYS.length]!, provider);
  const tx = await wallet.sendTransaction({ to: wallet.address, value: 1n });
  return { mined: tx.wait() };
}

const providers: Record<string, (rpc: Rpc) => JsonRpcApiProvider> = {
  ReceiptPollingJsonRpcProvider: (rpc) => {
    const p = new ReceiptPollingJsonRpcProvider(fetchThrough(node.rpcUrl, rpc), node.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
      batchMaxCount: 1, // one call per request, so that `fetchThrough` sees each
    });
    p.pollingInterval = 50;
    return p;
  },
  ReceiptPollingBrowserProvider: (rpc) => {
    const p = new ReceiptPollingBrowserProvider(eip1193Over(node.rpcUrl, rpc.intercept), node.chainId, {
      cacheTimeout: -1,
    });
    p.pollingInterval = 50;
    return p;
  },
};

describe('receipt polling: a late receipt cannot hang wait()', () => {
  it('control: plain ethers waits forever when the first two lookups come back empty', async () => {
    // The lag this suite scripts is real: with the machine loaded, 69 of 5,428 receipts were still missing at the
    // first lookup after eth_sendRawTransaction returned, and came up to 111 ms later (CI hung 10 minutes on one).
    // If ethers starts finding them, this fails, and ReceiptPoller may no longer be needed.
    const rpc = scripted(['null', 'null']);
    const plain = new JsonRpcProvider(fetchThrough(node.rpcUrl, rpc), node.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
      batchMaxCount: 1, // one call per request, so that `fetchThrough` sees each
    });
    plain.pollingInterval = 50;
    try {
      const waiting = (await transfer(plain)).mined;
      assert.equal(await settledWithin(waiting, 1_500), 'pending');
      assert.equal(rpc.lookups(), 2, 'ethers looked the receipt up twice, then only watched for new blocks');
    } finally {
      plain.destroy();
    }
  });

  for (const [name, make] of Object.entries(providers)) {
    it(`${name}: finds a receipt served late, and after a failed lookup`, async () => {
      const rpc = scripted(['null', 'null', 'error', 'null']);
      const provider = make(rpc);
      try {
        const outcome = await settledWithin((await transfer(provider)).mined, 5_000);
        assert.notEqual(outcome, 'pending', 'wait() settled');
        const receipt = (outcome as { value: TransactionReceipt | null }).value;
        assert.equal(receipt?.status, 1);
        assert.equal(rpc.lookups(), 5, 'two empty, one failed, one empty, then found');
      } finally {
        provider.destroy();
      }
    });

    it(`${name}: stops looking once wait() has settled`, async () => {
      const rpc = scripted(['null', 'null']);
      const provider = make(rpc);
      try {
        assert.equal((await settledWithin((await transfer(provider)).mined, 5_000)) === 'pending', false);
        assert.equal(await provider.listenerCount(), 0, 'no listener left behind');
        const lookups = rpc.lookups();
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(rpc.lookups(), lookups, 'no lookups after wait() settled');
      } finally {
        provider.destroy();
      }
    });
  }

  it('a receipt found at once costs one lookup, as with ethers alone', async () => {
    const rpc = scripted([]);
    const provider = providers.ReceiptPollingJsonRpcProvider!(rpc);
    try {
      assert.equal((await (await transfer(provider)).mined)?.status, 1);
      assert.equal(rpc.lookups(), 1);
    } finally {
      provider.destroy();
    }
  });
});

describe('ReceiptPoller', () => {
  it('a pause and resume during a lookup leave one polling loop, and stop ends it', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const flush = () => new Promise((r) => setImmediate(r));
    const inFlight: ((receipt: null) => void)[] = [];
    const answerAll = async () => {
      for (const answer of inFlight.splice(0)) answer(null);
      await flush();
    };
    const node = {
      pollingInterval: 4_000,
      getTransactionReceipt: () => new Promise<null>((r) => inFlight.push(r)),
      emit: async () => true,
    } as unknown as AbstractProvider;
    const poller = new ReceiptPoller(node, `0x${'ab'.repeat(32)}`);
    assert.equal(poller.pollingInterval, 1_000, 'the provider interval, at most a second');

    poller.start();
    poller.pause();
    poller.resume();
    assert.equal(inFlight.length, 2, 'one lookup per start');
    await answerAll();
    for (let tick = 0; tick < 3; tick++) {
      t.mock.timers.tick(1_000);
      await flush();
      assert.equal(inFlight.length, 1, `one lookup per tick (tick ${tick + 1})`);
      await answerAll();
    }
    t.mock.timers.tick(500);
    poller.stop();
    t.mock.timers.tick(10_000);
    await flush();
    assert.equal(inFlight.length, 0, 'no lookup after stop');
  });
});
