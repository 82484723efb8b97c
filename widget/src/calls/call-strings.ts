import type { CallMediaMode, CallPhase, CallQualityLevel } from './call-handle.js';
import type { CallProblemKind } from './call-problem.js';

/**
 * The calls UI's strings. Kept apart from `Translation` so the chat core does not carry them: only the lazily
 * loaded calls chunk imports the `…Call` tables (see {@link callStringsFor}).
 */
export interface CallStrings {
  /** BCP 47 code (same as the locale's main table). */
  $code: string;
  /** Writing direction. */
  $dir: 'ltr' | 'rtl';
  /** Button: start a voice call. */
  startAudioCall: string;
  /** Button: start a video call. */
  startVideoCall: string;
  /** Accessible name of the in-call view. */
  call: string;
  /** Incoming call announcement. */
  incoming: (name: string, video: boolean) => string;
  acceptVideo: string;
  acceptAudio: string;
  decline: string;
  /** Where the call stands, announced in the live region. */
  phase: Record<CallPhase, string>;
  /** Toggle (pressed = muted). */
  mute: string;
  /** Toggle (pressed = camera off). */
  cameraOff: string;
  /** Toggle (pressed = sharing). */
  shareScreen: string;
  devices: string;
  microphone: string;
  camera: string;
  switchCamera: string;
  noDevices: string;
  /** A device without a label (before permission), numbered. */
  unnamedDevice: (n: number) => string;
  hangUp: string;
  you: string;
  someone: string;
  /** Tile indicators. */
  micMuted: string;
  videoOff: string;
  speaking: string;
  /** The large tile's label. */
  screenOf: (name: string) => string;
  /** The large tile's label when the user shares. */
  yourScreen: string;
  mode: Record<CallMediaMode, string>;
  encrypted: string;
  quality: Record<CallQualityLevel, string>;
  /** Shown once after the call moved to the media server. */
  fallbackNotice: string;
  /** Explanations of problems, each followed by a retry where it helps. */
  problem: Record<CallProblemKind, string>;
  retry: string;
  dismiss: string;
  /** Shown to the caller when the other member declined, before the view closes. */
  declined: string;
}
