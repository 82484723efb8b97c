/**
 * A small target used by the remote tests (Node, Worker and frame): a few commands, typed and untyped
 * failures, a slow command, and events. Not exported from the module.
 *
 * @module
 */
import { TypedEmitter } from '../emitter.js';
import { StoreError } from '../store/index.js';
import type { PlainData } from './plain-data.js';
import { arg, args, defineRemoteSchema } from './schema.js';

/** The commands of {@link EchoTarget}. */
export type EchoCommands = {
  echo(value: PlainData): Promise<PlainData>;
  add(a: number, b: number): number;
  failTyped(): Promise<never>;
  failUntyped(): never;
  slow(ms: number): Promise<string>;
  shout(text: string): void;
  stats(): { invoked: number };
};

/** The events of {@link EchoTarget}. */
export type EchoEvents = {
  shouted: { text: string };
};

/** The schema of {@link EchoTarget}. */
export const ECHO_SCHEMA = defineRemoteSchema<EchoCommands, EchoEvents>({
  commands: {
    echo: args(arg.any()),
    add: args(arg.number(), arg.number()),
    failTyped: args(),
    failUntyped: args(),
    slow: args(arg.int(0, 60_000)),
    shout: args(arg.string(1000)),
    stats: args(),
  },
  events: ['shouted'],
});

/** A test target that counts how often its commands ran. */
export class EchoTarget extends TypedEmitter<EchoEvents> implements EchoCommands {
  /** Command invocations. */
  invoked = 0;
  /** Not in the schema: must never be reachable remotely. */
  secret(): string {
    this.invoked++;
    return 'the secret';
  }
  async echo(value: PlainData): Promise<PlainData> {
    this.invoked++;
    return value;
  }
  add(a: number, b: number): number {
    this.invoked++;
    return a + b;
  }
  async failTyped(): Promise<never> {
    this.invoked++;
    throw StoreError.wrongPassphrase();
  }
  failUntyped(): never {
    this.invoked++;
    throw new Error('message with a secret key 0xDEADBEEF');
  }
  async slow(ms: number): Promise<string> {
    this.invoked++;
    await new Promise((r) => {
      const timer = setTimeout(r, ms);
      (timer as { unref?: () => void }).unref?.(); // never keeps a test process alive
    });
    return 'done';
  }
  shout(text: string): void {
    this.invoked++;
    this.emit('shouted', { text });
  }
  stats(): { invoked: number } {
    return { invoked: this.invoked };
  }
}
