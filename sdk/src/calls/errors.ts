import { CrypTalkError } from '../errors.js';

/** Every stable code of call errors; each is listed in docs/errors.md (## Calls), never reused. */
export const CALL_ERROR_CODES = [
  'CALL_SIGNAL_MALFORMED',
  'CALL_NOT_ACTIVE',
  'CALL_MEDIA_FAILED',
  'CALL_CREDENTIALS_FAILED',
  'CALL_NEGOTIATION_FAILED',
  'CALL_FINGERPRINT_MISMATCH',
  'CALL_SFU_FAILED',
  'CALL_DECRYPTION_FAILED',
  'CALL_UNSUPPORTED',
  'CALL_NO_USABLE_CAMERA',
] as const;

/** A stable code of a call error. */
export type CallErrorCode = (typeof CALL_ERROR_CODES)[number];

/** An error of a call. Messages never carry SDP, keys, room ids or addresses. */
export class CallError extends CrypTalkError {
  override name = 'CallError';
  declare readonly code: CallErrorCode;

  /**
   * The call error `err` is, or `undefined`. Also recognises a CallError raised by another copy of this class
   * (a separately loaded chunk, such as the widget's SFU chunk, has its own), so its stable code survives
   * instead of being wrapped in a generic one.
   */
  static recognise(err: unknown): CallError | undefined {
    if (err instanceof CallError) return err;
    if (!(err instanceof Error) || err.name !== 'CallError') return undefined;
    const code = (err as { code?: unknown }).code;
    if (!(CALL_ERROR_CODES as readonly unknown[]).includes(code)) return undefined;
    return new CallError(code as CallErrorCode, err.message, { cause: err.cause });
  }

  /** A signal did not decode or a field broke its limit. */
  static malformed(what: string): CallError {
    return new CallError('CALL_SIGNAL_MALFORMED', `malformed call signal: ${what}`);
  }

  /** An operation needs a live call and this one has ended. */
  static notActive(): CallError {
    return new CallError('CALL_NOT_ACTIVE', 'the call has ended');
  }

  /** Camera, microphone or screen capture could not be opened. */
  static media(cause: unknown): CallError {
    return new CallError('CALL_MEDIA_FAILED', 'could not open the requested media devices', { cause });
  }

  /** TURN credentials or a LiveKit token could not be fetched. */
  static credentials(what: 'turn' | 'livekit', cause: unknown): CallError {
    return new CallError('CALL_CREDENTIALS_FAILED', `could not fetch ${what} credentials`, { cause });
  }

  /** An SDP description or ICE candidate was refused by the peer connection. */
  static negotiation(cause: unknown): CallError {
    return new CallError('CALL_NEGOTIATION_FAILED', 'P2P negotiation failed', { cause });
  }

  /** The DTLS certificate the peer presented is not the one in its end-to-end-encrypted SDP. */
  static fingerprintMismatch(): CallError {
    return new CallError(
      'CALL_FINGERPRINT_MISMATCH',
      'the peer DTLS certificate does not match the fingerprint it signalled',
    );
  }

  /** Joining or staying in the SFU room failed. */
  static sfu(cause: unknown): CallError {
    return new CallError('CALL_SFU_FAILED', 'the SFU connection failed', { cause });
  }

  /** Media frames from a participant did not decrypt (wrong or missing media key). */
  static decryption(cause?: unknown): CallError {
    return new CallError('CALL_DECRYPTION_FAILED', 'media frames did not decrypt with the current key', {
      cause,
    });
  }

  /**
   * The chosen camera, or every other camera when switching, delivers no colour video an encoder can send
   * (a depth or infrared camera, or one that gives no frame).
   * @param tried - how many cameras were tried.
   */
  static noUsableCamera(tried: number): CallError {
    return new CallError(
      'CALL_NO_USABLE_CAMERA',
      `none of the ${tried} camera(s) tried delivers colour video; the current camera stays`,
    );
  }

  /** This environment lacks WebRTC or encoded-transform support needed for calls. */
  static unsupported(what: string): CallError {
    return new CallError('CALL_UNSUPPORTED', `calls need ${what}, which this environment lacks`);
  }
}
