/**
 * Rooms: MLS (RFC 9420) through ts-mls with the CrypTalk noble crypto provider.
 *
 * @module
 */
export { loadHpke } from './load-hpke.js';
export { loadMlsCreate, type MlsCreateModule } from './load-mls-create.js';
export { type CommitOutput, type GroupEvent, MlsGroup } from './mls-group.js';
export { createMlsMember, decodeKeyPackage, MlsMember } from './mls-member.js';
export {
  cryptalkMlsProvider,
  DEFAULT_MLS_CIPHERSUITE,
  type MlsCiphersuiteName,
  mlsCiphersuite,
  SUPPORTED_MLS_CIPHERSUITES,
} from './noble-provider.js';
