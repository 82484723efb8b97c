export { freePort, startRedis, type TestRedis } from './redis-server.js';
export { type RelayProcess, startRelayProcess } from './relay-process.js';
export { ciphertext, roomId, TestClient, type TestClientOptions } from './test-client.js';
