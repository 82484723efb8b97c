export type { Conn, ConnHandlers, UpgradeDecision } from './conn.js';
export { type TransportHooks, type TransportOptions, WsTransport } from './ws-transport.js';
