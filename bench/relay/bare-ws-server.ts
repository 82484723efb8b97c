/**
 * The baseline: a bare `ws` broadcast server. A client joins a room with `?room=<id>` in its URL; every text
 * message is sent as-is to every socket of the room (the sender included). No auth, no storage, no checks.
 */
import { type WebSocket, WebSocketServer } from './ws.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  process.on('SIGUSR2', () => {
    gc();
    const m = process.memoryUsage();
    process.stdout.write(`memory ${JSON.stringify({ rss: m.rss, js: m.heapUsed + m.external })}\n`);
  });
}

// Exit normally on SIGTERM so `--cpu-prof` can write its profile.
process.once('SIGTERM', () => process.exit(0));

const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const room = new URL(req.url ?? '/', 'http://x').searchParams.get('room') ?? '';
  let set = rooms.get(room);
  if (!set) {
    set = new Set();
    rooms.set(room, set);
  }
  set.add(ws);
  ws.on('message', (data) => {
    for (const peer of set) peer.send(data, { binary: false });
  });
  ws.on('close', () => set.delete(ws));
});
wss.on('listening', () => {
  const { port } = wss.address() as { port: number };
  process.stdout.write(`bare-ws listening on ws://127.0.0.1:${port}\n`);
});
