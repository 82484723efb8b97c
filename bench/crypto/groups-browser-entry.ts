/**
 * Browser half of the MLS commit benchmark, bundled by esbuild and run in Chromium (`groups-browser.ts`): the
 * add and remove commits of `groups.ts` at 100 members (blank parents, the worst case) as the widget's Worker
 * runs them: WebCrypto X25519 and Ed25519, noble for HMAC, SHA-256 and ChaCha20-Poly1305. Exposes
 * `window.runMlsCommitBench()`.
 *
 * @module
 */
import { createMlsMember, MlsGroup } from '../../sdk/src/crypto/group/index.js';
import { commitRounds, mean } from './commit-rounds.js';

/** One row: mean, max and first (cold) wall time of a commit kind. */
export interface BrowserCommitRow {
  name: string;
  meanMs: number;
  maxMs: number;
  firstMs: number;
  rounds: number;
}

async function run(size: number): Promise<BrowserCommitRow[]> {
  const enc = new TextEncoder();
  const alice = await MlsGroup.create(
    enc.encode(`chromium-${size}`),
    await createMlsMember(enc.encode('m0')),
  );
  const kps: Uint8Array[] = [];
  for (let i = 1; i < size; i++) kps.push((await createMlsMember(enc.encode(`m${i}`))).encodedKeyPackage());
  await alice.add(kps);
  const figures = await commitRounds(alice, size, 'chromium');
  return (['add', 'remove'] as const).map((kind) => ({
    name: `MLS ${kind} commit @ ${size} [chromium]`,
    meanMs: mean(figures[kind].wall),
    maxMs: Math.max(...figures[kind].wall),
    firstMs: figures[kind].first,
    rounds: figures[kind].wall.length,
  }));
}

(globalThis as unknown as { runMlsCommitBench: () => Promise<BrowserCommitRow[]> }).runMlsCommitBench = () =>
  run(100);
