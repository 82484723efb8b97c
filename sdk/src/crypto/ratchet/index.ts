/**
 * The Double Ratchet with header encryption.
 *
 * @module
 */
export {
  decodeHeader,
  encodeHeader,
  RATCHET_HEADER_LENGTH,
  RATCHET_MESSAGE_VERSION,
  RATCHET_MESSAGE_VERSION_2,
  type RatchetHeader,
} from './ratchet-header.js';
export type { RatchetVersion } from './ratchet-kdf.js';
export { type RatchetInit, type RatchetLimits, RatchetSession } from './ratchet-session.js';
