/**
 * Loads the attachment transfer code on first use.
 *
 * @module
 */
import { loadOnce } from '../crypto/lazy-load.js';
import { AttachmentError } from './errors.js';

/** The transfer functions (`uploadAttachment`, `downloadAttachment`, `downloadAttachmentBytes`). */
export type AttachmentTransfer = typeof import('./transfer.js');

/**
 * The transfer functions, imported once on first use (a separate chunk where the bundle splits).
 *
 * @returns the module with `uploadAttachment`, `downloadAttachment` and `downloadAttachmentBytes`.
 * @throws AttachmentError `ATTACHMENT_NETWORK` (rejects) when its code could not be loaded; a later call
 *   tries again.
 * @example
 * const { uploadAttachment } = await loadTransfer();
 */
export const loadTransfer: () => Promise<AttachmentTransfer> = loadOnce(
  () => import('./transfer.js'),
  (cause) => new AttachmentError('ATTACHMENT_NETWORK', 'the transfer code could not be loaded', { cause }),
);
