/**
 * The Node file store (bots and servers). Node only: import it from `@cryptalk/sdk/store/node`.
 *
 * @module
 */
export { type Durability, FileEngine, type FileEngineOptions } from './file-engine.js';
export { type NodeFileStoreOptions, openNodeFileStore } from './node-file-store.js';
