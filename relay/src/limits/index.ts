export { BoundedMap } from './bounded-map.js';
export { type IpLimitOptions, IpLimits } from './ip-limits.js';
export { TokenBucket } from './token-bucket.js';
