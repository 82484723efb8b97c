/**
 * The serializable command/event interface: run the client on the main thread, in a Worker, or in another
 * frame, and drive it through one typed proxy.
 *
 * @module
 */
export type { Channel, MessagePortLike } from './channel.js';
export {
  type ConnectRemoteOptions,
  connectRemote,
  type RemoteClient,
  type RemoteCommands,
} from './connect-remote.js';
export { defaultErrorReviver, type ErrorReviver, reviveError, serializeError } from './error-codec.js';
export { REMOTE_ERROR_CODES, RemoteError, type RemoteErrorCode } from './errors.js';
export {
  REMOTE_DEFAULT_TIMEOUT_MS,
  REMOTE_MAX_ARGS,
  REMOTE_MAX_DEPTH,
  REMOTE_MAX_NODES,
  REMOTE_MAX_PENDING,
} from './limits.js';
export {
  type CallMessage,
  decodeRemoteMessage,
  type ErrMessage,
  type EventMessage,
  type OkMessage,
  REMOTE_MARKER,
  REMOTE_VERSION,
  type RemoteMessage,
  type WireError,
} from './messages.js';
export { assertPlainData, isPlainData, type PlainData } from './plain-data.js';
export { type PortChannelOptions, portChannel } from './port-channel.js';
export { sameThreadChannelPair } from './same-thread-channel.js';
export {
  type ArgCheck,
  type ArgsCheck,
  arg,
  args,
  type CommandMap,
  defineRemoteSchema,
  type EventMap,
  type RemoteSchema,
} from './schema.js';
export {
  type EventSourceLike,
  type RemoteHost,
  type ServeRemoteOptions,
  serveRemote,
} from './serve-remote.js';
export {
  type PeerWindowLike,
  type WindowChannelOptions,
  type WindowLike,
  windowChannel,
} from './window-channel.js';
