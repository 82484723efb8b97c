/**
 * A real relay for one Node test file (SDK client tests; here, not in sdk/src, because the SDK never imports the
 * relay): `useTestRelay()` starts it (127.0.0.1, a free port, rate limits high enough
 * for tests that send quickly) before the file's tests and closes it after them.
 * @module
 */
import { after, before } from 'node:test';
import { createRelay, type Relay } from '@cryptalk/relay';
import { CrypTalkClient, type CrypTalkClientOptions } from '@cryptalk/sdk';
import WebSocket from 'ws';

/** What {@link createRelay} takes. */
type RelayOptions = NonNullable<Parameters<typeof createRelay>[0]>;

/**
 * Registers `before`/`after` hooks that start and stop a relay; returns a getter for it (valid inside tests).
 * @param options - relay options on top of the test defaults (e.g. a short `historyMax`).
 *
 * @example
 * const relay = useTestRelay();
 * test('…', async () => { const client = await CrypTalkClient.open({ relay: relay().url, … }); });
 */
export function useTestRelay(options: Partial<RelayOptions> = {}): () => Relay {
  let relay: Relay | undefined;
  before(async () => {
    relay = await createRelay({
      port: 0,
      lookupsPerMinute: 10_000,
      connFramesPerSec: 10_000,
      connFramesBurst: 10_000,
      ...options,
    });
  });
  after(async () => {
    await relay?.close();
  });
  return () => {
    if (!relay) throw new Error('the test relay is not running (use it inside a test)');
    return relay;
  };
}

/**
 * Returns `open(displayName, extra)`, which opens an SDK client on the test relay over Node's `ws` with a 15 s join
 * timeout, the file's `defaults` and then `extra` on top.
 * @param relay - the getter {@link useTestRelay} returned.
 * @param defaults - options every client of the file shares (e.g. `{ reconnect: false }`).
 */
export function clientOpener(
  relay: () => Relay,
  defaults: Partial<CrypTalkClientOptions> = {},
): (displayName: string, extra?: Partial<CrypTalkClientOptions>) => Promise<CrypTalkClient> {
  return (displayName, extra = {}) =>
    CrypTalkClient.open({
      relay: relay().url,
      WebSocket: WebSocket as never,
      displayName,
      joinTimeoutMs: 15_000,
      ...defaults,
      ...extra,
    });
}
