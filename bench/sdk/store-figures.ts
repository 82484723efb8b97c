/** Shared pieces of the store benchmarks (Node and browser): the figure shape and the benchmark message. */
import type { MessageRecord } from '../../sdk/src/store/index.js';

/** One measured line. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** A message of about 120 bytes of text, like a chat line. */
export function benchMessage(roomId: string, offset: number): MessageRecord {
  return {
    roomId,
    msgId: `${roomId}-${offset.toString(36)}-${'m'.repeat(8)}`,
    offset,
    sender: 'bench-sender-pseudonymous-key',
    text: `message number ${offset}: the quick brown fox jumps over the lazy dog, again and again and again.`,
    sentAt: 1_700_000_000_000 + offset,
  };
}
