import { MemoryBackend, type MemoryBackendOptions } from '../backend/memory-backend.js';
import type { Off } from '../internal/emitter.js';
import type { CallCapableBackend, StartCallOptions } from './call-backend.js';
import type { IncomingCallHandle } from './call-handle.js';
import { MemoryCall, type MemoryCallOptions, MemoryIncomingCall } from './memory-call.js';

/** Options of {@link MemoryCallBackend}. */
export interface MemoryCallBackendOptions extends MemoryBackendOptions {
  /** Options of every call `startCall` creates (failures to simulate, devices). */
  call?: MemoryCallOptions;
  /** Who answers a call the user starts, or `undefined` to leave it ringing. @default 'Mina' */
  answeredBy?: string | undefined;
}

/**
 * A {@link MemoryBackend} that offers calls with {@link MemoryCall}: `startCall` opens fake media, rings, and
 * (unless told otherwise) connects with one other participant; {@link ring} plays a call someone else starts.
 * For the panel's tests and stories.
 * @example
 * const backend = new MemoryCallBackend({ userName: 'Ana' });
 * backend.ring('room-1', 'Bo');
 */
export class MemoryCallBackend extends MemoryBackend implements CallCapableBackend {
  /** The calls `startCall` returned, oldest first. */
  readonly started: MemoryCall[] = [];
  private readonly ringListeners = new Set<(room: string, call: IncomingCallHandle) => void>();
  private readonly callOptions: MemoryCallOptions;
  private readonly answeredBy: string | undefined;

  /** @param options - the chat backend's options, and the calls'. */
  constructor(options: MemoryCallBackendOptions = {}) {
    super(options);
    this.callOptions = options.call ?? {};
    this.answeredBy = 'answeredBy' in options ? options.answeredBy : 'Mina';
  }

  async startCall(_room: string, options: StartCallOptions = {}): Promise<MemoryCall> {
    const call = new MemoryCall({
      ...this.callOptions,
      selfName: this.userName,
      video: options.video !== false,
    });
    this.started.push(call);
    await call.open();
    const answeredBy = this.answeredBy;
    if (answeredBy && !call.problem) {
      queueMicrotask(() => {
        call.join('peer', answeredBy);
        call.connect();
      });
    }
    return call;
  }

  onIncomingCall(listener: (room: string, call: IncomingCallHandle) => void): Off {
    this.ringListeners.add(listener);
    return () => this.ringListeners.delete(listener);
  }

  /**
   * Plays another member starting a call in a room.
   * @param room - the room it rings in.
   * @param from - the caller's name.
   * @param media - what the caller sends.
   * @returns the ringing call (its `answer` tells what the user chose).
   */
  ring(room: string, from: string, media = { audio: true, video: true }): MemoryIncomingCall {
    const call = new MemoryIncomingCall(from, media, this.callOptions);
    for (const listener of [...this.ringListeners]) listener(room, call);
    return call;
  }
}
