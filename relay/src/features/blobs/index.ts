export { BLOB_PREFIX, handleBlobRequest } from './blob-routes.js';
export { BLOB_ID_RE, type BlobLimits, type BlobPutError, BlobStore } from './blob-store.js';
