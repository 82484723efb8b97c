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
