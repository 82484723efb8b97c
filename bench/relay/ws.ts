/** The `ws` package the relay itself uses (the repository root may hold an older one for other tools). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '../../relay/package.json'));
const ws = require('ws') as typeof import('ws');

export const WebSocket = ws.WebSocket;
export const WebSocketServer = ws.WebSocketServer;
export type WebSocket = import('ws').WebSocket;
