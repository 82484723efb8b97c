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
  type RatchetHeader,
} from './ratchet-header.js';
export { type RatchetInit, type RatchetLimits, RatchetSession } from './ratchet-session.js';
