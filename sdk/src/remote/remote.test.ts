import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { StoreError } from '../store/index.js';
import { connectRemote } from './connect-remote.js';
import { ECHO_SCHEMA, type EchoCommands, type EchoEvents, EchoTarget } from './echo-target.js';
import { REMOTE_ERROR_CODES, RemoteError } from './errors.js';
import { callMessage, decodeRemoteMessage, okMessage } from './messages.js';
import { portChannel } from './port-channel.js';
import { sameThreadChannelPair } from './same-thread-channel.js';
import { serveRemote } from './serve-remote.js';
import { type PeerWindowLike, type WindowLike, windowChannel } from './window-channel.js';

function setup(options: Parameters<typeof connectRemote>[1] = {}) {
  const target = new EchoTarget();
  const [hostEnd, clientEnd] = sameThreadChannelPair();
  const host = serveRemote(target, hostEnd, ECHO_SCHEMA);
  const remote = connectRemote<EchoCommands, EchoEvents>(clientEnd, options);
  return { target, host, remote, hostEnd, clientEnd };
}

async function rejectsWith(p: Promise<unknown>, cls: new (...a: never[]) => Error, code: string) {
  await assert.rejects(
    p,
    (e: unknown) => e instanceof cls && (e as unknown as { code: string }).code === code,
  );
}

describe('remote over the same thread', () => {
  test('calls commands, returns plain data, forwards events', async () => {
    const { remote, host } = setup();
    const bytes = new Uint8Array([1, 2, 3]);
    assert.deepEqual(await remote.commands.echo({ a: [1, 'x', null], b: bytes }), {
      a: [1, 'x', null],
      b: bytes,
    });
    assert.equal(await remote.call('add', 2, 3), 5);
    const heard = new Promise((r) => remote.on('shouted', r));
    await remote.commands.shout('hey');
    assert.deepEqual(await heard, { text: 'hey' });
    assert.equal(host.invoked, 3);
    assert.equal(await Promise.resolve(remote.commands), remote.commands, 'the proxy is not a thenable');
    remote.close();
    host.close();
  });

  test('revives typed errors as their class and hides untyped messages', async () => {
    const { remote } = setup();
    await rejectsWith(remote.commands.failTyped(), StoreError, 'STORE_WRONG_PASSPHRASE');
    await assert.rejects(remote.commands.failUntyped(), (e: unknown) => {
      assert.ok(e instanceof RemoteError);
      assert.equal(e.code, 'REMOTE_COMMAND_FAILED');
      assert.ok(!e.message.includes('DEADBEEF'));
      return true;
    });
    remote.close();
  });

  test('unknown commands and bad arguments are refused without invoking anything', async () => {
    const { remote, target, host } = setup();
    const untyped = remote as unknown as { call(n: string, ...a: unknown[]): Promise<unknown> };
    await rejectsWith(untyped.call('secret'), RemoteError, 'REMOTE_UNKNOWN_COMMAND');
    await rejectsWith(untyped.call('toString'), RemoteError, 'REMOTE_UNKNOWN_COMMAND');
    await rejectsWith(untyped.call('constructor'), RemoteError, 'REMOTE_UNKNOWN_COMMAND');
    await rejectsWith(untyped.call('add', 'a', 1), RemoteError, 'REMOTE_BAD_ARGS');
    await rejectsWith(untyped.call('add', 1, 2, 3), RemoteError, 'REMOTE_BAD_ARGS');
    await rejectsWith(untyped.call('echo', new Map()), RemoteError, 'REMOTE_NOT_CLONEABLE');
    assert.equal(target.invoked, 0);
    assert.equal(host.rejected, 5);
    remote.close();
  });

  test('times out, bounds pending calls, and fails pending calls on close', async () => {
    const { remote } = setup({ timeoutMs: 50, maxPending: 2 });
    await rejectsWith(remote.commands.slow(2000), RemoteError, 'REMOTE_TIMEOUT');
    const a = remote.commands.slow(1000);
    const b = remote.commands.slow(1000);
    await rejectsWith(remote.commands.slow(1), RemoteError, 'REMOTE_TOO_MANY_PENDING');
    assert.equal(remote.pending, 2);
    remote.close();
    await rejectsWith(a, RemoteError, 'REMOTE_CLOSED');
    await rejectsWith(b, RemoteError, 'REMOTE_CLOSED');
    await rejectsWith(remote.commands.add(1, 1), RemoteError, 'REMOTE_CLOSED');
  });

  test('a forged answer to no pending call is dropped', async () => {
    const { remote, hostEnd } = setup();
    hostEnd.send(okMessage(999, 'forged'));
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(remote.rejected, 1);
    remote.close();
  });
});

describe('remote over a MessageChannel port', () => {
  test('round trip through real ports', async () => {
    const { port1, port2 } = new MessageChannel();
    const target = new EchoTarget();
    const host = serveRemote(
      target,
      portChannel(port1 as never, { onClose: () => port1.close() }),
      ECHO_SCHEMA,
    );
    const remote = connectRemote<EchoCommands, EchoEvents>(
      portChannel(port2 as never, { onClose: () => port2.close() }),
    );
    assert.equal(await remote.commands.add(40, 2), 42);
    await rejectsWith(remote.commands.failTyped(), StoreError, 'STORE_WRONG_PASSPHRASE');
    remote.close();
    host.close();
  });
});

describe('remote over window.postMessage (simulated windows)', () => {
  /** A window's event target plus a way to deliver a message event as the browser would. */
  function fakeWindow(origin: string) {
    const events = new EventTarget();
    return {
      origin,
      self: events as unknown as WindowLike,
      receive(data: unknown, from: { origin: string; source: unknown }) {
        const e = new MessageEvent('message', { data: structuredClone(data), origin: from.origin });
        Object.defineProperty(e, 'source', { value: from.source });
        events.dispatchEvent(e);
      },
    };
  }
  type FakeWindow = ReturnType<typeof fakeWindow>;

  /** WindowProxy-like references of two windows to each other (`event.source` is the receiver's reference). */
  function link(a: FakeWindow, b: FakeWindow) {
    const refs = {} as { toA: PeerWindowLike; toB: PeerWindowLike };
    refs.toA = {
      postMessage: (d, targetOrigin) => {
        if (targetOrigin === a.origin)
          queueMicrotask(() => a.receive(d, { origin: b.origin, source: refs.toB }));
      },
    };
    refs.toB = {
      postMessage: (d, targetOrigin) => {
        if (targetOrigin === b.origin)
          queueMicrotask(() => b.receive(d, { origin: a.origin, source: refs.toA }));
      },
    };
    return refs;
  }

  test('accepts only the peer window at the allowed origin', async () => {
    const page = fakeWindow('http://localhost:8000');
    const frame = fakeWindow('http://127.0.0.1:8000');
    const { toA: toPage, toB: toFrame } = link(page, frame);
    const target = new EchoTarget();
    const rejects: string[] = [];
    const host = serveRemote(
      target,
      windowChannel({
        peer: toPage,
        targetOrigin: page.origin,
        self: frame.self,
        onReject: (e) => rejects.push(e.code),
      }),
      ECHO_SCHEMA,
    );
    const clientChannel = windowChannel({ peer: toFrame, targetOrigin: frame.origin, self: page.self });
    const remote = connectRemote<EchoCommands, EchoEvents>(clientChannel);
    assert.equal(await remote.commands.add(1, 2), 3);

    frame.receive(callMessage(77, 'add', [1, 1]), { origin: 'https://evil.example', source: {} });
    frame.receive(callMessage(78, 'add', [1, 1]), { origin: page.origin, source: {} }); // right origin, wrong window
    frame.receive(callMessage(79, 'add', [1, 1]), { origin: 'https://evil.example', source: toPage }); // wrong origin
    page.receive(okMessage(1, 'forged'), { origin: 'https://evil.example', source: toFrame });
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(rejects, ['REMOTE_WRONG_ORIGIN', 'REMOTE_WRONG_ORIGIN', 'REMOTE_WRONG_ORIGIN']);
    assert.equal(target.invoked, 1);
    assert.equal(clientChannel.rejected, 1);
    assert.throws(() => windowChannel({ peer: toPage, targetOrigin: '*' }), TypeError);
    assert.throws(() => windowChannel({ peer: toPage, targetOrigin: 'null' }), TypeError);
    remote.close();
    host.close();
  });
});

test('messages decode strictly', () => {
  assert.deepEqual(decodeRemoteMessage(callMessage(1, 'add', [1, 2])), callMessage(1, 'add', [1, 2]));
  for (const bad of [
    null,
    'x',
    [],
    { ...callMessage(1, 'add', []), extra: 1 },
    { ...callMessage(1, 'add', []), v: 2 },
    { ...callMessage(0, 'add', []) },
    { ...callMessage(1, '__proto__', []) },
    { ...callMessage(1, 'add', [() => 1] as never) },
  ]) {
    assert.throws(() => decodeRemoteMessage(bad), { code: 'REMOTE_MALFORMED' });
  }
});

test('RemoteError codes are documented in docs/errors.md and vice versa', async () => {
  const doc = await readFile(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const section = doc.split('## Remote')[1]?.split('\n## ')[0] ?? '';
  const documented = [...section.matchAll(/`(REMOTE_[A-Z_]+)`/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(documented)].sort(), [...REMOTE_ERROR_CODES].sort());
});
