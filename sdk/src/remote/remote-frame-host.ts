/**
 * Test frame: serves an {@link EchoTarget} to its parent window, accepting only the parent's origin (given in
 * the URL as `?parent=<origin>`), and counts what it refused. Tells the parent it is ready with a plain
 * `postMessage` to that exact origin.
 */
import { ECHO_SCHEMA, type EchoCommands, type EchoEvents, EchoTarget } from './echo-target.js';
import { args, defineRemoteSchema } from './schema.js';
import { serveRemote } from './serve-remote.js';
import { windowChannel } from './window-channel.js';

const parentOrigin = new URLSearchParams(location.search).get('parent') ?? '';
let refused = 0;
class FrameTarget extends EchoTarget {
  refusedCount(): number {
    return refused;
  }
}
const schema = defineRemoteSchema<EchoCommands & { refusedCount(): number }, EchoEvents>({
  ...ECHO_SCHEMA,
  commands: { ...ECHO_SCHEMA.commands, refusedCount: args() },
});
serveRemote(
  new FrameTarget(),
  windowChannel({
    peer: window.parent,
    targetOrigin: parentOrigin,
    onReject: () => {
      refused++;
    },
  }),
  schema,
);
window.parent.postMessage({ ready: location.origin }, parentOrigin);
