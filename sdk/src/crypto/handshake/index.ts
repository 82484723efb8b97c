/**
 * PQXDH session establishment.
 *
 * @module
 */

export {
  decodePqxdhHeader,
  encodePqxdhHeader,
  PQXDH_HEADER_BASE_LENGTH,
  PQXDH_VERSION,
  type PqxdhHeader,
  type PqxdhInitiation,
  type PqxdhResponse,
  pqxdhInitiate,
  pqxdhRespond,
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
} from './prekey-bundle.js';
export { PrekeyStore, type PrekeyUpload } from './prekey-store.js';
export { acceptSession, type StartSessionOptions, startSession } from './session-start.js';
