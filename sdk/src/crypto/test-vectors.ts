/**
 * Test-only loader of the shared known-answer vectors (`../shared/vectors` beside the repository, or
 * `$CRYPTALK_VECTORS`). A missing file is an error naming its path: a test never silently skips.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is at sdk/src/crypto/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The vectors folder. */
export const VECTORS_DIR = process.env.CRYPTALK_VECTORS ?? path.resolve(REPO_ROOT, '../shared/vectors');

/**
 * Reads and parses one vector file.
 *
 * @param relative - path under the vectors folder, e.g. `wycheproof/x25519_test.json`.
 * @throws Error naming the full path when the file is missing.
 */
export function loadVectorFile<T = unknown>(relative: string): T {
  const full = path.join(VECTORS_DIR, relative);
  if (!existsSync(full)) throw new Error(`test vector file missing: ${full}`);
  return JSON.parse(readFileSync(full, 'utf8')) as T;
}

/** The common shape of a Wycheproof file. */
export interface WycheproofFile<G> {
  algorithm: string;
  numberOfTests: number;
  testGroups: G[];
}

/** One case of Wycheproof's Ed25519 file, decoded. */
export interface Ed25519WycheproofCase {
  readonly tcId: number;
  readonly pk: Uint8Array;
  readonly msg: Uint8Array;
  readonly sig: Uint8Array;
  /** Whether the signature must verify. */
  readonly valid: boolean;
}

/** Every case of `wycheproof/ed25519_test.json` (151), decoded. */
export function ed25519WycheproofCases(): Ed25519WycheproofCase[] {
  const data = loadVectorFile<
    WycheproofFile<{
      publicKey: { pk: string };
      tests: { tcId: number; msg: string; sig: string; result: string }[];
    }>
  >('wycheproof/ed25519_test.json');
  const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
  return data.testGroups.flatMap((g) =>
    g.tests.map((t) => ({
      tcId: t.tcId,
      pk: hex(g.publicKey.pk),
      msg: hex(t.msg),
      sig: hex(t.sig),
      valid: t.result === 'valid',
    })),
  );
}
