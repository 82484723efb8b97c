import type { ChatBackend } from '../backend/chat-backend.js';
import type { Off } from '../internal/emitter.js';
import type { CallHandle, IncomingCallHandle } from './call-handle.js';

/** What to send when starting a call. */
export interface StartCallOptions {
  /** Microphone. @default true */
  audio?: boolean;
  /** Camera. @default true */
  video?: boolean;
}

/**
 * The optional calls part of a chat backend (to be merged into `ChatBackend` as optional members): a backend
 * that offers calls implements it, and the UI shows the call button only then.
 */
export interface CallCapableBackend {
  /**
   * Starts a call in a room; rings its other members.
   * @returns the call, ringing.
   */
  startCall(room: string, options?: StartCallOptions): Promise<CallHandle>;
  /**
   * Subscribes to calls others start in a room the user is in.
   * @returns the function that unsubscribes.
   */
  onIncomingCall(listener: (room: string, call: IncomingCallHandle) => void): Off;
}

/**
 * Whether a backend offers calls.
 * @param backend - the chat backend.
 */
export function isCallCapable(backend: ChatBackend | object): backend is ChatBackend & CallCapableBackend {
  const b = backend as Partial<CallCapableBackend>;
  return typeof b.startCall === 'function' && typeof b.onIncomingCall === 'function';
}
