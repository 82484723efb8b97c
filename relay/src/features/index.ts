export { BLOB_PREFIX, BlobStore, handleBlobRequest } from './blobs/index.js';
export { DirectoryFeature } from './directory/index.js';
export type { Feature, FeatureDeps } from './feature.js';
export { RoomsFeature } from './rooms/index.js';
