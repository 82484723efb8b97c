/**
 * The chunked transfer of attachments (encrypt, upload, download, decrypt), in one module so that the client
 * loads it only when a file is sent or received ({@link loadTransfer}): bundles that split make it a separate
 * chunk (the widget's `cryptalk-worker-transfer.js` and `cryptalk-client-transfer.js`).
 *
 * @module
 */
export { downloadAttachment, downloadAttachmentBytes } from './download.js';
export { uploadAttachment } from './upload.js';
