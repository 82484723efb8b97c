/**
 * Loads a group room's membership code (`group-membership.ts`: joining, rejoining, admitting, removing, key
 * updates, invites) on first use. Every one of those actions also needs ts-mls's commit and Welcome processing,
 * which comes with the HPKE framing (`crypto/group/load-hpke.ts`): the widget's build puts both in one lazy
 * chunk (`membershipWithHpke` in widget/rollup.widget.mjs), so a join or a first admission downloads one file,
 * and a first open that only opens rooms, reads and sends messages and lists members downloads neither.
 *
 * @module
 */
import { CryptoError } from '../crypto/errors.js';
import { loadOnce, loadWithRetries } from '../crypto/lazy-load.js';
import { HPKE_COMMIT_LOAD_RETRY_MS } from '../crypto/limits.js';

/** The membership module. */
export type MembershipModule = typeof import('./group-membership.js');

/** The module once loaded, for what must run synchronously (stopping a background join's timer). */
let loaded: MembershipModule | undefined;

/**
 * Loads the membership code (once; later calls return the same promise).
 *
 * @returns the module.
 * @throws CryptoError CRYPTO_NOT_LOADED (rejects) when its code could not be loaded (e.g. a failed chunk
 *   download), as the HPKE framing's loader does; a later call tries again.
 * @example
 * const { requestJoin } = await loadMembership();
 */
export const loadMembership: () => Promise<MembershipModule> = loadOnce(
  () =>
    import('./group-membership.js').then((m) => {
      loaded = m;
      return m;
    }),
  (cause) => CryptoError.notLoaded('group membership', cause),
);

/**
 * {@link loadMembership} for what a received message asks (a join request or Welcome, a member's leave, a
 * rejoin after missed commits), which cannot wait for a later call the way a user's action can: a failed load is
 * tried again after each of {@link HPKE_COMMIT_LOAD_RETRY_MS} (as the HPKE framing is for a received commit)
 * before the last failure is thrown.
 *
 * @throws CryptoError CRYPTO_NOT_LOADED (rejects) when every attempt failed.
 */
export function loadMembershipForMessage(): Promise<MembershipModule> {
  return loadWithRetries(loadMembership, HPKE_COMMIT_LOAD_RETRY_MS);
}

/** The membership module if it has loaded already (nothing it started can be running otherwise). */
export function loadedMembership(): MembershipModule | undefined {
  return loaded;
}
