/**
 * PQXDH session establishment.
 *
 * @module
 */

export {
  decodePqxdhHeader,
  decodePqxdhHeaderAsync,
  encodePqxdhHeader,
  PQXDH_HEADER_BASE_LENGTH,
  PQXDH_VERSION,
  type PqxdhHeader,
  type PqxdhInitiation,
  type PqxdhResponse,
  pqxdhInitiate,
  pqxdhInitiateAsync,
  pqxdhRespond,
  pqxdhRespondAsync,
} from './pqxdh.js';
export {
  decodePrekeyBundle,
  encodePrekeyBundle,
  type OneTimePrekey,
  type PqPrekey,
  PqPrekeyKind,
  type PqPrekeyKindId,
  PREKEY_BUNDLE_VERSION,
  type PrekeyBundle,
  type SignedPrekey,
  verifyPrekeyBundle,
  verifyPrekeyBundleAsync,
} from './prekey-bundle.js';
export { PrekeyStore, type PrekeyUpload } from './prekey-store.js';
export {
  acceptSession,
  acceptSessionAsync,
  type StartSessionOptions,
  startSession,
  startSessionAsync,
} from './session-start.js';
