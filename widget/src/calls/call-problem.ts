/**
 * What went wrong, as the UI explains it: a refused permission and a missing device get their own
 * explanation and a retry; everything else is a generic failure.
 */
export type CallProblemKind = 'permission' | 'no-device' | 'device-busy' | 'screen-share' | 'failed';

/** A problem of a call, classified for its explanation. */
export interface CallProblem {
  /** The explanation to show. */
  readonly kind: CallProblemKind;
  /** The underlying error. */
  readonly cause: unknown;
}

/** DOMException names of `getUserMedia`/`getDisplayMedia` failures, by explanation (Media Capture §10.1). */
const NAMES: Record<string, CallProblemKind> = {
  NotAllowedError: 'permission',
  SecurityError: 'permission',
  NotFoundError: 'no-device',
  OverconstrainedError: 'no-device',
  NotReadableError: 'device-busy',
  AbortError: 'device-busy',
};

/** SDK call error codes with their own explanation. */
const CODES: Record<string, CallProblemKind> = {
  // The camera gives no colour video (a depth camera): as good as no camera.
  CALL_NO_USABLE_CAMERA: 'no-device',
};

/**
 * Classifies an error from a call: follows `cause` (the SDK wraps media errors in `CallError`
 * `CALL_MEDIA_FAILED`) to the browser's `DOMException` and maps its name.
 * @param error - what was thrown or emitted.
 * @param screen - whether it came from starting a screen share (a refusal there is not a camera problem).
 * @returns the problem.
 * @example
 * callProblemFrom(new DOMException('denied', 'NotAllowedError')).kind; // 'permission'
 */
export function callProblemFrom(error: unknown, screen = false): CallProblem {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e; depth++) {
    const { name, code } = e as { name?: unknown; code?: unknown };
    const kind =
      (typeof code === 'string' ? CODES[code] : undefined) ??
      (typeof name === 'string' ? NAMES[name] : undefined);
    if (kind) return { kind: screen ? 'screen-share' : kind, cause: error };
    e = (e as { cause?: unknown }).cause;
  }
  return { kind: screen ? 'screen-share' : 'failed', cause: error };
}
