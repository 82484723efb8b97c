import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CALLS_CHROMIUM_ARGS } from '../../bench/calls/harness.js';
import { createRelay, type Relay } from '../../relay/src/index.js';
import { launchChromium } from '../helpers/browser.js';
import { type CallsSite, callsRelayOptions, startCallsSite, until } from '../helpers/calls-site.js';
import { type LiveKitServer, startLiveKit } from '../helpers/livekit.js';

/**
 * Three Chromium pages, each running a real `CrypTalkClient` (bundled from source), join one group room on a
 * real relay by invite. A call with three participants goes to a real LiveKit server (127.0.0.1 only) with
 * end-to-end media encryption: the relay mints the tokens after the room's proof, each page derives the media
 * key from the room's MLS exporter secret, LiveKit's E2EE Worker (served beside the page) encrypts every
 * frame. Frames decode for all three; one leaves, the two others move to the next key epoch and keep decoding.
 */

/** Every wait for media: generous, the machine is shared (2 cores). */
const MEDIA_WAIT_MS = 60_000;

let site: CallsSite;
let relay: Relay;
let livekit: LiveKitServer;
let browser: Browser;

interface Status {
  kind?: string;
  mode?: string;
  events: string[];
  sampledFrames: number;
  sampledAt: number;
  now: number;
  keyEpoch: number;
  e2ee?: boolean;
  participants: number;
}

function run<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([m, a]) => {
      const api = (globalThis as unknown as { ctRoom: Record<string, (...x: unknown[]) => unknown> }).ctRoom;
      return api[m as string]?.(...(a as unknown[]));
    },
    [method, args] as const,
  ) as Promise<T>;
}

before(async () => {
  livekit = await startLiveKit();
  site = await startCallsSite([{ entry: 'bench/calls/room-page.ts', out: 'page.js', page: 'index.html' }], {
    e2eeWorker: true,
  });
  relay = await createRelay({
    ...callsRelayOptions(site.url),
    livekitUrl: livekit.url,
    livekitApiKey: livekit.apiKey,
    livekitApiSecret: livekit.apiSecret,
  });
  browser = await launchChromium(CALLS_CHROMIUM_ARGS);
});

after(async () => {
  await browser?.close();
  await relay?.close();
  await livekit?.stop();
  await site?.close();
});

/** Waits until `p`'s decoded-frame count, sampled after `since` (page clock), grew by `more`. */
async function decodesMore(p: Page, name: string, since: number, more = 10): Promise<void> {
  let base: number | undefined;
  await until(
    `${name} to decode ${more} more frames`,
    () => run<Status>(p, 'status'),
    (s) => {
      if (s.sampledAt <= since) return false;
      base ??= s.sampledFrames;
      return s.sampledFrames >= base + more;
    },
    { timeoutMs: MEDIA_WAIT_MS, intervalMs: 250 },
  );
}

test('three real clients in one room: the call goes to LiveKit with E2EE, frames decode for all; one leaves, keys rotate, the others still decode', async (t) => {
  const pages = await Promise.all([0, 1, 2].map(async () => (await browser.newContext()).newPage()));
  const [alice, bob, carol] = pages as [Page, Page, Page];
  const names = new Map<Page, string>([
    [alice, 'alice'],
    [bob, 'bob'],
    [carol, 'carol'],
  ]);
  const pageErrors: string[] = [];
  for (const p of pages) {
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`${site.url}/index.html`);
    await p.waitForFunction(() => 'ctRoom' in globalThis);
  }
  await Promise.all(pages.map((p) => run(p, 'open', relay.url, true)));
  const link = await run<string>(alice, 'create');
  await run(bob, 'join', link);
  await run(carol, 'join', link);
  await until(
    'three members at Alice',
    () => run<number>(alice, 'members'),
    (n) => n === 3,
    { timeoutMs: MEDIA_WAIT_MS, intervalMs: 250 },
  );
  const options = { statsIntervalMs: 500 };
  await run(bob, 'autoAnswer', options);
  await run(carol, 'autoAnswer', options);
  const started = Date.now();
  await run(alice, 'call', { ...options, prewarmSfu: true });

  for (const p of pages) {
    const name = names.get(p) ?? '';
    const s = await until(
      `${name} connected through LiveKit, decoding frames`,
      () => run<Status>(p, 'status'),
      (v) => v.kind === 'connected' && v.mode === 'sfu' && v.sampledFrames > 0,
      { timeoutMs: MEDIA_WAIT_MS, intervalMs: 250 },
    );
    assert.equal(s.e2ee, true, `${name}'s LiveKit room has end-to-end encryption on`);
    assert.equal(s.participants, 2, `${name} sees the two others`);
    assert.ok(!s.events.includes('decryption-error'), `${name} decrypts every frame`);
    assert.ok(!s.events.some((e) => e.startsWith('error:')), `${name}: no call error (${s.events})`);
  }
  t.diagnostic(`call() → all three decoding through LiveKit: ${Date.now() - started} ms`);
  const carolStatus = await run<Status>(carol, 'status');
  assert.ok(
    carolStatus.events.every((e) => !e.startsWith('state:connected:p2p')),
    'the third never had media over P2P',
  );

  // Carol leaves: Alice and Bob move to key epoch 1 (read again from the room) and keep decoding.
  await run(carol, 'hangUp');
  for (const p of [alice, bob]) {
    const name = names.get(p) ?? '';
    const s = await until(
      `${name} to rotate the media key`,
      () => run<Status>(p, 'status'),
      (v) => v.keyEpoch === 1,
      { timeoutMs: MEDIA_WAIT_MS, intervalMs: 250 },
    );
    assert.equal(s.kind, 'connected', `${name} stays in the call`);
    // Both sides rotate at about the same time: frames of the new epoch that arrive just before this side
    // installed its key fail once (reported); once both rotated, every frame decrypts.
    await new Promise((r) => setTimeout(r, 2_000));
    const settled = (await run<Status>(p, 'status')).events.filter((e) => e === 'decryption-error').length;
    await decodesMore(p, name, s.now + 2_000);
    const after = await run<Status>(p, 'status');
    assert.equal(after.participants, 1, `${name} sees one other`);
    assert.equal(
      after.events.filter((e) => e === 'decryption-error').length,
      settled,
      `${name} decrypts every frame after the rotation`,
    );
    t.diagnostic(`${name}: ${settled} frame(s) failed during the rotation`);
  }
  await Promise.all([alice, bob].map((p) => run(p, 'hangUp')));
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});
