/**
 * Loads the attachment transfer code on first use.
 *
 * @module
 */
import { AttachmentError } from './errors.js';

/** The transfer functions (`uploadAttachment`, `downloadAttachment`, `downloadAttachmentBytes`). */
export type AttachmentTransfer = typeof import('./transfer.js');

/** The load in flight or done; forgotten when it failed, so the next call tries again. */
let loading: Promise<AttachmentTransfer> | undefined;

/**
 * The transfer functions, imported once on first use (a separate chunk where the bundle splits).
 *
 * @returns the module with `uploadAttachment`, `downloadAttachment` and `downloadAttachmentBytes`.
 * @throws AttachmentError `ATTACHMENT_NETWORK` (rejects) when its code could not be loaded; a later call
 *   tries again.
 * @example
 * const { uploadAttachment } = await loadTransfer();
 */
export function loadTransfer(): Promise<AttachmentTransfer> {
  loading ??= import('./transfer.js').catch((cause: unknown) => {
    loading = undefined;
    throw new AttachmentError('ATTACHMENT_NETWORK', 'the transfer code could not be loaded', { cause });
  });
  return loading;
}
