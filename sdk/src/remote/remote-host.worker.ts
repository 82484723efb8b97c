/** Test worker: serves an {@link EchoTarget} to the page over the worker's own port. */
import type { MessagePortLike } from './channel.js';
import { ECHO_SCHEMA, EchoTarget } from './echo-target.js';
import { portChannel } from './port-channel.js';
import { serveRemote } from './serve-remote.js';

serveRemote(new EchoTarget(), portChannel(self as unknown as MessagePortLike), ECHO_SCHEMA);
