export { BLOB_PREFIX, BlobStore, handleBlobRequest } from './blobs/index.js';
export { CallsFeature } from './calls/index.js';
export { DirectoryFeature } from './directory/index.js';
export type { Feature, FeatureDeps, FeatureHttpReply, FeatureHttpRequest, FeatureRoute } from './feature.js';
export { RoomsFeature } from './rooms/index.js';
