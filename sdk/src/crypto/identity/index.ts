/**
 * Device identities and safety numbers.
 *
 * @module
 */
export {
  DEVICE_IDENTITY_SERIALIZED_LENGTH,
  DeviceIdentity,
  wipeSerializedIdentity,
} from './device-identity.js';
export {
  decodePublicIdentity,
  dhKeyBindingMessage,
  encodePublicIdentity,
  formatPublicKey,
  PUBLIC_IDENTITY_LENGTH,
  type PublicIdentity,
  samePublicIdentity,
  verifyPublicIdentity,
  verifyPublicIdentityAsync,
} from './public-identity.js';
export {
  SAFETY_NUMBER_QR_VERSION,
  type SafetyNumber,
  type SafetyNumberParty,
  safetyNumber,
  verifySafetyNumberQr,
} from './safety-number.js';
