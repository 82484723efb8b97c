export { RedisStore } from './redis-store.js';
