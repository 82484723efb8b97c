export { DirectoryFeature } from './directory-feature.js';
