import { expect } from '@open-wc/testing';
import { StoreError } from '../store/index.js';
import type { MessagePortLike } from './channel.js';
import { connectRemote } from './connect-remote.js';
import type { EchoCommands, EchoEvents } from './echo-target.js';
import { RemoteError } from './errors.js';
import { callMessage, okMessage } from './messages.js';
import { portChannel } from './port-channel.js';
import { windowChannel } from './window-channel.js';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

describe('remote through a real Worker', () => {
  it('round-trips commands, typed errors and events', async function () {
    this.timeout(30_000);
    const worker = new Worker(new URL('./remote-host.worker.ts', import.meta.url), { type: 'module' });
    const remote = connectRemote<EchoCommands, EchoEvents>(
      portChannel(worker as unknown as MessagePortLike, { onClose: () => worker.terminate() }),
      { timeoutMs: 15_000 },
    );
    const bytes = new Uint8Array([5, 6, 7]);
    expect(await remote.commands.echo({ list: [1, 'two'], bytes })).to.deep.equal({
      list: [1, 'two'],
      bytes,
    });
    expect(await remote.commands.add(20, 22)).to.equal(42);
    const err = await remote.commands.failTyped().catch((e) => e);
    expect(err).to.be.instanceOf(StoreError);
    expect(err.code).to.equal('STORE_WRONG_PASSPHRASE');
    const heard = new Promise((r) => remote.on('shouted', r));
    await remote.commands.shout('from the page');
    expect(await heard).to.deep.equal({ text: 'from the page' });
    const untyped = remote as unknown as { call(n: string, ...a: unknown[]): Promise<unknown> };
    expect(await codeOf(untyped.call('secret'))).to.equal('REMOTE_UNKNOWN_COMMAND');
    expect(await remote.commands.stats()).to.deep.equal({ invoked: 4 });
    remote.close();
  });
});

describe('remote through a cross-origin iframe', () => {
  const here = location.origin;
  const otherHost = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  const frameUrl = new URL('./remote-frame.html', import.meta.url);
  frameUrl.hostname = otherHost;
  const frameOrigin = frameUrl.origin;
  frameUrl.searchParams.set('parent', here);

  async function loadFrame(): Promise<HTMLIFrameElement> {
    const frame = document.createElement('iframe');
    const ready = new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`the frame at ${frameOrigin} did not load`)), 20_000);
      const onMessage = (e: MessageEvent) => {
        if (e.origin === frameOrigin && e.source === frame.contentWindow) {
          clearTimeout(timer);
          window.removeEventListener('message', onMessage);
          ok();
        }
      };
      window.addEventListener('message', onMessage);
    });
    frame.src = frameUrl.href;
    document.body.append(frame);
    await ready;
    return frame;
  }

  it('round-trips and rejects forged messages by origin and window', async function () {
    this.timeout(60_000);
    expect(frameOrigin).to.not.equal(here);
    const frame = await loadFrame();
    const peer = frame.contentWindow as Window;
    const channel = windowChannel({ peer, targetOrigin: frameOrigin });
    const remote = connectRemote<EchoCommands & { refusedCount(): number }, EchoEvents>(channel, {
      timeoutMs: 15_000,
    });
    expect(await remote.commands.add(1, 2)).to.equal(3);
    const err = await remote.commands.failTyped().catch((e) => e);
    expect(err).to.be.instanceOf(StoreError);
    const heard = new Promise((r) => remote.on('shouted', r));
    await remote.commands.shout('across origins');
    expect(await heard).to.deep.equal({ text: 'across origins' });

    // 1. A sandboxed frame (opaque origin "null") forges a call to the host frame.
    const forger = document.createElement('iframe');
    forger.setAttribute('sandbox', 'allow-scripts');
    const forged = JSON.stringify(callMessage(4242, 'shout', ['forged']));
    forger.srcdoc = `<script>parent.frames[0].postMessage(${forged}, '*'); parent.postMessage('forger-done', '*');</script>`;
    const forgerDone = new Promise<void>((ok) => {
      const on = (e: MessageEvent) => {
        if (e.data === 'forger-done') {
          window.removeEventListener('message', on);
          ok();
        }
      };
      window.addEventListener('message', on);
    });
    document.body.append(forger);
    await forgerDone;
    // 2. This page forges an answer to itself: right shape, wrong window and origin.
    const pending = remote.commands.slow(300);
    window.postMessage(okMessage(1, 'forged'), '*');
    window.postMessage(okMessage(2, 'forged'), '*');
    expect(await pending).to.equal('done');
    await new Promise((r) => setTimeout(r, 50));
    expect(channel.rejected).to.be.greaterThan(1);
    expect(await remote.commands.refusedCount()).to.be.greaterThan(0);
    expect(await remote.commands.stats()).to.deep.equal({ invoked: 4 });

    // 3. A channel bound to the wrong origin never reaches the frame: the browser drops what it sends.
    const wrong = connectRemote<EchoCommands, EchoEvents>(
      windowChannel({ peer, targetOrigin: 'https://example.invalid' }),
      { timeoutMs: 300 },
    );
    expect(await codeOf(wrong.commands.add(1, 1))).to.equal('REMOTE_TIMEOUT');
    wrong.close();
    remote.close();
    forger.remove();
    frame.remove();
    expect(RemoteError).to.be.a('function');
  });
});
