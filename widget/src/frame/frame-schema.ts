/**
 * The remote schema the frame serves to its host page: three commands, each argument checked strictly.
 *
 * @module
 */
import { type ArgCheck, arg, args, defineRemoteSchema } from '@cryptalk/sdk/remote';
import { MAX_MESSAGE_LENGTH } from '../limits.js';
import { FRAME_EVENTS, type FrameCommands, type FrameEvents, isFrameConfig } from './frame-protocol.js';

/** Only these can be called from the host page; anything else is `REMOTE_UNKNOWN_COMMAND`. */
export const FRAME_SCHEMA = defineRemoteSchema<FrameCommands, FrameEvents>({
  commands: {
    configure: args(isFrameConfig as ArgCheck),
    send: args(arg.string(MAX_MESSAGE_LENGTH)),
    focus: args(),
  },
  events: [...FRAME_EVENTS],
});
