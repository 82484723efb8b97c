import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  AtRestError,
  AuthError,
  CryptoError,
  GroupError,
  HandshakeError,
  RatchetError,
} from '../crypto/errors.js';
import { ClientError, CrypTalkError } from '../errors.js';
import { ProtocolError } from '../protocol/index.js';
import { StoreError } from '../store/index.js';
import type { Channel } from './channel.js';
import { connectRemote } from './connect-remote.js';
import { ECHO_SCHEMA, type EchoCommands, EchoTarget } from './echo-target.js';
import { reviveError, serializeError } from './error-codec.js';
import { RemoteError } from './errors.js';
import { errMessage, eventMessage, okMessage, type WireError } from './messages.js';
import {
  type ErrorCodec,
  LAZILY_REVIVED_NAMES,
  lazyErrorCodec,
  reviveErrorLazily,
} from './revive-error-lazily.js';
import { sameThreadChannelPair } from './same-thread-channel.js';
import { serveRemote } from './serve-remote.js';

/** The codec's real loader, restored after each test. */
const realLoad = lazyErrorCodec.load;

/**
 * Replaces the loader of the SDK's error classes (and forgets what was loaded): counts the loads; `gate`, when
 * given, decides when (and whether) each one settles.
 */
function countLoads(gate?: (n: number) => Promise<void>): { readonly count: () => number } {
  let n = 0;
  lazyErrorCodec.loaded = undefined;
  lazyErrorCodec.loading = undefined;
  lazyErrorCodec.load = async () => {
    n++;
    await gate?.(n);
    return realLoad();
  };
  return { count: () => n };
}

/** A promise with its resolve and reject functions. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

type Events = { shouted: { text: string }; failed: Error };

function served(options: Parameters<typeof connectRemote>[1] = {}) {
  const [hostEnd, clientEnd] = sameThreadChannelPair();
  const host = serveRemote(new EchoTarget(), hostEnd, ECHO_SCHEMA);
  const remote = connectRemote<EchoCommands, Events>(clientEnd, options);
  const close = () => {
    remote.close();
    host.close();
  };
  return { remote, close };
}

/** A client whose host is the test: `hostEnd.send` answers its calls (ids 1, 2, … in call order). */
function scripted(options: Parameters<typeof connectRemote>[1] = {}) {
  const [hostEnd, clientEnd] = sameThreadChannelPair();
  const remote = connectRemote<EchoCommands, Events>(clientEnd, options);
  return { remote, hostEnd: hostEnd as Channel };
}

const storeWire = (): WireError => serializeError(StoreError.wrongPassphrase());

describe('reviving errors from a remote: the SDK error classes load with the first error of one of them', () => {
  beforeEach(() => countLoads());
  afterEach(() => {
    lazyErrorCodec.load = realLoad;
  });

  test('answers, events, RemoteErrors and untyped failures do not load them', async () => {
    const loads = countLoads();
    const { remote, close } = served();
    assert.equal(await remote.commands.add(2, 3), 5);
    const heard = new Promise((r) => remote.on('shouted', r));
    await remote.commands.shout('hey');
    await heard;
    await assert.rejects(remote.commands.failUntyped(), (e: unknown) => {
      assert.ok(e instanceof RemoteError);
      assert.equal(e.code, 'REMOTE_COMMAND_FAILED');
      return true;
    });
    const untyped = remote as unknown as { call(n: string): Promise<unknown> };
    await assert.rejects(untyped.call('secret'), (e: unknown) => e instanceof RemoteError);
    assert.equal(loads.count(), 0, 'nothing needed the SDK error classes');
    close();
  });

  test('the first typed error loads them once and rejects with its class; later ones need no load', async () => {
    const loads = countLoads();
    const { remote, close } = served();
    await assert.rejects(remote.commands.failTyped(), (e: unknown) => {
      assert.ok(e instanceof StoreError, `revived as StoreError, not ${String(e)}`);
      assert.ok(e instanceof CrypTalkError);
      assert.equal(e.code, 'STORE_WRONG_PASSPHRASE');
      return true;
    });
    assert.equal(loads.count(), 1);
    await assert.rejects(remote.commands.failTyped(), (e: unknown) => e instanceof StoreError);
    assert.equal(loads.count(), 1, 'loaded once');
    close();
  });

  test('the answers and events that arrive while they load wait, and keep their order after the error', async () => {
    const gate = deferred();
    const loads = countLoads(() => gate.promise);
    const { remote, hostEnd } = scripted();
    const seen: string[] = [];
    remote.on('shouted', ({ text }) => seen.push(`event ${text}`));
    const failing = remote.commands.failTyped().catch((e: unknown) => {
      seen.push(`rejected ${(e as Error).name}`);
    });
    const working = remote.commands.add(1, 1).then((v) => {
      seen.push(`resolved ${String(v)}`);
    });
    hostEnd.send(eventMessage('shouted', { text: 'before' }));
    hostEnd.send(errMessage(1, storeWire()));
    hostEnd.send(eventMessage('shouted', { text: 'after' }));
    hostEnd.send(okMessage(2, 2));
    hostEnd.send(eventMessage('shouted', { text: 'last' }));
    // Everything was delivered to the client; the load has not settled, so the error and what follows wait.
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(loads.count(), 1);
    assert.deepEqual(seen, ['event before']);
    gate.resolve();
    await Promise.all([failing, working]);
    await new Promise<void>((r) => remote.on('shouted', ({ text }) => text === 'last' && r()));
    assert.deepEqual(seen, [
      'event before',
      'rejected StoreError',
      'event after',
      'resolved 2',
      'event last',
    ]);
    remote.close();
  });

  test('a failed load keeps the code, name and message; the next error loads them again', async () => {
    const loads = countLoads(async (n) => {
      if (n === 1) throw new TypeError('Failed to fetch dynamically imported module');
    });
    const { remote, close } = served();
    await assert.rejects(remote.commands.failTyped(), (e: unknown) => {
      assert.ok(e instanceof CrypTalkError);
      assert.ok(!(e instanceof StoreError));
      assert.equal(e.code, 'STORE_WRONG_PASSPHRASE');
      assert.equal(e.name, 'StoreError');
      assert.equal(e.message, StoreError.wrongPassphrase().message);
      return true;
    });
    await assert.rejects(remote.commands.failTyped(), (e: unknown) => e instanceof StoreError);
    assert.equal(loads.count(), 2);
    close();
  });

  test('a load that does not finish within the timeout revives the error as unknown and lets the rest through', async () => {
    countLoads(() => new Promise<void>(() => {}));
    const { remote, hostEnd } = scripted({ timeoutMs: 50 });
    const failing = remote.commands.failTyped();
    const working = remote.commands.add(1, 1);
    hostEnd.send(errMessage(1, storeWire()));
    hostEnd.send(okMessage(2, 2));
    await assert.rejects(failing, (e: unknown) => {
      assert.ok(e instanceof CrypTalkError);
      assert.equal(e.code, 'STORE_WRONG_PASSPHRASE');
      return true;
    });
    assert.equal(await working, 2);
    remote.close();
  });

  test('errorEvents: an event carrying a serialized error reaches listeners as its class, in order', async () => {
    const gate = deferred();
    countLoads(() => gate.promise);
    const rejected: RemoteError[] = [];
    const { remote, hostEnd } = scripted({
      errorEvents: ['failed'],
      onReject: (e) => rejected.push(e),
    });
    const seen: (Error | string)[] = [];
    remote.on('failed', (e) => seen.push(e));
    remote.on('shouted', ({ text }) => seen.push(text));
    hostEnd.send(eventMessage('failed', { code: 'X', name: 'Y' }));
    hostEnd.send(eventMessage('failed', { ...storeWire() }));
    hostEnd.send(eventMessage('shouted', { text: 'after' }));
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(seen.length, 0, 'nothing reached the listeners yet');
    assert.equal(rejected[0]?.code, 'REMOTE_MALFORMED', 'a payload that is no error is dropped');
    gate.resolve();
    await new Promise<void>((r) => remote.on('shouted', () => r()));
    assert.equal(seen.length, 2);
    assert.ok(seen[0] instanceof StoreError, 'revived as StoreError');
    assert.equal(seen[1], 'after');
    remote.close();
  });

  test('closing while they load drops the waiting messages; the error still settles its call', async () => {
    const gate = deferred();
    countLoads(() => gate.promise);
    const { remote, hostEnd } = scripted();
    const seen: string[] = [];
    remote.on('shouted', ({ text }) => seen.push(text));
    const failing = remote.commands.failTyped();
    hostEnd.send(errMessage(1, storeWire()));
    hostEnd.send(eventMessage('shouted', { text: 'after' }));
    await new Promise((r) => setTimeout(r, 0));
    remote.close();
    gate.resolve();
    await assert.rejects(failing, (e: unknown) => e instanceof StoreError);
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(seen, []);
  });
});

describe('reviveErrorLazily revives every SDK error as reviveError does', () => {
  afterEach(() => {
    lazyErrorCodec.load = realLoad;
  });

  const errors: Error[] = [
    ClientError.notConnected(),
    StoreError.wrongPassphrase(),
    ProtocolError.notText(),
    CryptoError.decryptFailed(),
    new AuthError('AUTH_BAD_PROOF', 'bad proof'),
    new HandshakeError('HANDSHAKE_MALFORMED', 'malformed'),
    new RatchetError('RATCHET_DUPLICATE', 'duplicate'),
    new GroupError('GROUP_MALFORMED', 'malformed'),
    new AtRestError('AT_REST_MALFORMED', 'malformed'),
    RemoteError.timeout(5),
    new CrypTalkError('SOME_CODE', 'some message'),
  ];

  for (const error of errors) {
    test(`${error.name} (${(error as CrypTalkError).code})`, async () => {
      const wire = serializeError(error);
      const loads = countLoads();
      const lazy = reviveErrorLazily(wire, [], 1000);
      // Only the names listed as lazily revived wait for the load; the others are revived at once.
      assert.equal(lazy instanceof Promise, LAZILY_REVIVED_NAMES.includes(error.name));
      const revived = await lazy;
      const eager = reviveError(wire);
      assert.equal(revived.constructor, eager.constructor, `${error.name}: the same class`);
      assert.equal(revived.constructor, error.constructor, `${error.name}: its own class`);
      assert.deepEqual(
        [revived.name, (revived as CrypTalkError).code, revived.message],
        [eager.name, (eager as CrypTalkError).code, eager.message],
      );
      assert.equal(loads.count(), LAZILY_REVIVED_NAMES.includes(error.name) ? 1 : 0);
    });
  }

  test('custom revivers come first and need no load', () => {
    const loads = countLoads();
    const mine = new Error('mine');
    const wire = storeWire();
    assert.equal(reviveErrorLazily(wire, [(w) => (w.name === 'StoreError' ? mine : undefined)], 1000), mine);
    assert.equal(loads.count(), 0);
  });

  test('once loaded, every error is revived at once', async () => {
    countLoads();
    await reviveErrorLazily(storeWire(), [], 1000);
    const again = reviveErrorLazily(serializeError(ClientError.closed()), [], 1000);
    assert.ok(again instanceof ClientError);
    const codec: ErrorCodec | undefined = lazyErrorCodec.loaded;
    assert.ok(codec, 'the codec stays loaded');
  });
});
