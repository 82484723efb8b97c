/**
 * Domain-separation strings of attachments (AEAD associated data). Each appears once, here.
 *
 * @module
 */

/** AAD of every attachment chunk: binds chunks to this format and version. */
export const LABEL_ATTACHMENT_CHUNK = 'CrypTalk attachment chunk v1';
