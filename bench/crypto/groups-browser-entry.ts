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

/** One row: mean, max and first (cold) wall time of a commit kind (max and first: NaN for the message row). */
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
  const bobMember = await createMlsMember(enc.encode('m1'));
  const kps: Uint8Array[] = [bobMember.encodedKeyPackage()];
  for (let i = 2; i < size; i++) kps.push((await createMlsMember(enc.encode(`m${i}`))).encodedKeyPackage());
  const { welcome } = await alice.add(kps);
  // messages first: bob (leaf 1) joins from the Welcome; alice sends, bob receives
  const bob = await MlsGroup.join(welcome as Uint8Array, bobMember);
  const msg = new Uint8Array(200);
  const rounds = 300;
  for (let i = 0; i < 50; i++) await bob.process(await alice.encrypt(msg));
  const t = performance.now();
  for (let i = 0; i < rounds; i++) await bob.process(await alice.encrypt(msg));
  const sendReceiveMs = (performance.now() - t) / rounds;
  const figures = await commitRounds(alice, size, 'chromium');
  const messages: BrowserCommitRow = {
    name: `MLS send+receive 200 B @ ${size} [chromium]`,
    meanMs: sendReceiveMs,
    maxMs: Number.NaN,
    firstMs: Number.NaN,
    rounds,
  };
  return [
    messages,
    ...(['add', 'remove'] as const).map((kind) => ({
      name: `MLS ${kind} commit @ ${size} [chromium]`,
      meanMs: mean(figures[kind].wall),
      maxMs: Math.max(...figures[kind].wall),
      firstMs: figures[kind].first,
      rounds: figures[kind].wall.length,
    })),
  ];
}

(globalThis as unknown as { runMlsCommitBench: () => Promise<BrowserCommitRow[]> }).runMlsCommitBench = () =>
  run(100);
