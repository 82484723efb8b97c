/**
 * The obvious, slow answer to an engine range query, and which indexes each table has: the model the
 * engines' indexed queries are tested against (property test on memory, shared suite on every engine).
 *
 * @module
 */
import type { IndexName, RangeQuery, RawRow, TableName } from './engine.js';

/** The indexes each table must support (what the Dexie schema declares). */
export const TABLE_INDEXES: Readonly<Record<TableName, readonly IndexName[]>> = {
  identity: [],
  sessions: [],
  rooms: [],
  kv: [],
  messages: ['room+offset', 'exp', 'ts'],
  outbox: ['room+seq', 'seq'],
  attachments: ['room', 'msg', 'exp'],
  messageKeys: ['room', 'msg', 'exp'],
};

function keyOf(r: RawRow, index: IndexName): [string, number] | undefined {
  switch (index) {
    case 'room+offset':
      return r.room !== undefined && r.offset !== undefined ? [r.room, r.offset] : undefined;
    case 'room+seq':
      return r.room !== undefined && r.seq !== undefined ? [r.room, r.seq] : undefined;
    case 'msg':
      return r.msg !== undefined ? [r.msg, 0] : undefined;
    case 'room':
      return r.room !== undefined ? [r.room, 0] : undefined;
    default: {
      const n = r[index];
      return n !== undefined ? ['', n] : undefined;
    }
  }
}

/** The primary keys a range query must return, in order, computed by filtering and sorting every row. */
export function naiveQuery(rows: Iterable<RawRow>, q: RangeQuery): string[] {
  const compound = q.index === 'room+offset' || q.index === 'room+seq';
  const equality = q.index === 'msg' || q.index === 'room';
  const hits = [...rows]
    .map((r) => ({ r, k: keyOf(r, q.index) }))
    .filter((x): x is { r: RawRow; k: [string, number] } => x.k !== undefined)
    .filter(({ k }) => {
      if ((compound || equality) && k[0] !== (q.prefix ?? '')) return false;
      if (equality) return true;
      const lo = q.lower ?? Number.NEGATIVE_INFINITY;
      const hi = q.upper ?? Number.POSITIVE_INFINITY;
      return (q.lowerOpen ? k[1] > lo : k[1] >= lo) && (q.upperOpen ? k[1] < hi : k[1] <= hi);
    })
    .sort((a, b) => a.k[1] - b.k[1] || (a.r.pk < b.r.pk ? -1 : a.r.pk > b.r.pk ? 1 : 0));
  if (q.reverse) hits.reverse();
  return hits.slice(0, q.limit ?? Number.POSITIVE_INFINITY).map((x) => x.r.pk);
}
