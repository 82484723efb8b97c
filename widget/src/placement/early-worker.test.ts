import assert from 'node:assert/strict';
import { after, test } from 'node:test';

/** A stand-in for the platform's Worker: records what was started and ended. */
class FakeWorker extends EventTarget {
  static started: FakeWorker[] = [];
  terminated = false;
  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    super();
    FakeWorker.started.push(this);
  }
  terminate(): void {
    this.terminated = true;
  }
}
const g = globalThis as { Worker?: unknown };
const had = g.Worker;
g.Worker = FakeWorker;
after(() => {
  g.Worker = had;
});

/** A fresh copy of the module (its early Worker is module state). */
let copies = 0;
const fresh = async (): Promise<typeof import('./early-worker.js')> =>
  import(`./early-worker.js?copy=${++copies}`);

const chat = (attrs: Record<string, string>, backend?: unknown) => ({
  getAttribute: (name: string) => attrs[name] ?? null,
  ...(backend === undefined ? {} : { backend }),
});
const URL_ = new URL('https://cdn.example/cryptalk/cryptalk-worker.js');

test('only a chat that will run its SDK in the Worker wants it', async () => {
  const { wantsWorker } = await fresh();
  assert.equal(wantsWorker(chat({ relay: 'wss://relay.example' })), true);
  assert.equal(wantsWorker(chat({ relay: 'ws://127.0.0.1:8787', placement: 'worker' })), true);
  assert.equal(
    wantsWorker(chat({ relay: 'ws://127.0.0.1:8787', placement: 'odd' })),
    true,
    'unknown = worker',
  );
  assert.equal(wantsWorker(chat({ relay: 'ws://127.0.0.1:8787', placement: 'same' })), false);
  assert.equal(wantsWorker(chat({ relay: 'ws://127.0.0.1:8787', placement: 'frame' })), false);
  assert.equal(wantsWorker(chat({ relay: 'memory:' })), false, 'the in-page demo runs on the page');
  assert.equal(wantsWorker(chat({})), false, 'no relay');
  assert.equal(wantsWorker(chat({ relay: 'wss://relay.example' }, {})), false, 'the page set a backend');
  assert.equal(wantsWorker(null), false, 'no element');
});

test('the early Worker starts once, is taken over once, and is never started again', async () => {
  const { startEarlyWorker, takeEarlyWorker } = await fresh();
  FakeWorker.started = [];
  startEarlyWorker(URL_, chat({ relay: 'memory:' }));
  assert.equal(FakeWorker.started.length, 0, 'not for a chat that does not want it');
  assert.equal(takeEarlyWorker(), undefined);
  startEarlyWorker(URL_, chat({ relay: 'wss://relay.example' }));
  startEarlyWorker(URL_, chat({ relay: 'wss://relay.example' }));
  assert.equal(FakeWorker.started.length, 1, 'one Worker for two loads');
  const [started] = FakeWorker.started;
  assert.equal(started?.url, URL_);
  assert.equal(started?.options.type, 'module');
  assert.equal(takeEarlyWorker(), started);
  assert.equal(takeEarlyWorker(), undefined, 'taken once');
  assert.equal(started?.terminated, false, 'the taker owns it');
  startEarlyWorker(URL_, chat({ relay: 'wss://relay.example' }));
  assert.equal(FakeWorker.started.length, 1, 'no second Worker after the first was taken');
});

test('an early Worker that failed to start is ended and not handed over', async () => {
  const { startEarlyWorker, takeEarlyWorker } = await fresh();
  FakeWorker.started = [];
  startEarlyWorker(URL_, chat({ relay: 'wss://relay.example' }));
  const [started] = FakeWorker.started;
  started?.dispatchEvent(new Event('error'));
  assert.equal(takeEarlyWorker(), undefined, 'the UI starts its own (and falls back if that fails too)');
  assert.equal(started?.terminated, true);
});

test("the Worker's name says whether its chat keeps anything on the device (then it preloads the store's code)", async () => {
  const { startEarlyWorker, takeEarlyWorker } = await fresh();
  const { WORKER_NAME, WORKER_NAME_NO_STORE, workerNameFor } = await import('./worker-name.js');
  FakeWorker.started = [];
  startEarlyWorker(URL_, chat({ relay: 'wss://relay.example' }));
  assert.equal(FakeWorker.started[0]?.options.name, WORKER_NAME, 'the default keeps a device store');
  takeEarlyWorker()?.terminate();
  for (const persist of ['none', ' OFF ', 'memory']) {
    const again = await fresh();
    FakeWorker.started = [];
    again.startEarlyWorker(URL_, chat({ relay: 'wss://relay.example', persist }));
    assert.equal(FakeWorker.started[0]?.options.name, WORKER_NAME_NO_STORE, `persist="${persist}"`);
    again.takeEarlyWorker()?.terminate(); // (and its idle timer cleared)
  }
  // the UI's own Worker (createWorkerBackend) is named from the chat's settings
  assert.equal(workerNameFor({ relay: 'wss://relay.example' }), WORKER_NAME);
  assert.equal(workerNameFor({ relay: 'wss://relay.example', persist: 'device' }), WORKER_NAME);
  assert.equal(workerNameFor({ relay: 'wss://relay.example', persist: 'none' }), WORKER_NAME_NO_STORE);
  assert.equal(workerNameFor({ relay: 'memory:' }), WORKER_NAME_NO_STORE, 'the demo keeps nothing');
});
