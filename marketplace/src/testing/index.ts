// Test helpers: a real anvil node on loopback, compiled artifacts, time travel and custom-error decoding.
export { ANVIL_KEYS, type AnvilNode, type AnvilOptions, anvilBinary, freePort, startAnvil } from './anvil.js';
export {
  catchCustomError,
  type DecodedError,
  managed,
  revertData,
  startTestChain,
  type TestChain,
} from './chain.js';
export { eip1193Over, type RpcIntercept } from './wallet.js';
