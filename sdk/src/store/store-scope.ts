/**
 * The typed tables of a store, built over a transaction runner: each operation seals or opens records with
 * the database key and reads or writes sealed rows through the engine. Used at top level (one engine
 * transaction per call) and inside `store.transaction()` (every call in the enclosing transaction).
 *
 * @module
 */
import type { EngineTx, RawRow, TableName } from './engine.js';
import { StoreError } from './errors.js';
import { STORE_DEFAULT_PAGE_SIZE, STORE_MAX_PAGE_SIZE } from './limits.js';
import { checkRecord } from './record-checks.js';
import type { RecordSealer, RowColumns } from './record-sealer.js';
import type { AttachmentTable, KeyedTable, KvTable, MessageTable, OutboxTable, StoreScope } from './store.js';
import { assertStoredValue, decodeStoredValue, type StoredValue, storedValueText } from './stored-value.js';
import type {
  AttachmentRecord,
  IdentityRecord,
  MessageKeyRecord,
  MessageRecord,
  PageQuery,
  QueuedOutboxRecord,
  RoomRecord,
  SessionRecord,
} from './types.js';

/** Runs a step in a transaction of the given mode (the engine's, or the enclosing one). */
export type Exec = <R>(mode: 'r' | 'rw', fn: (tx: EngineTx) => Promise<R>) => Promise<R>;

/** Seals, opens and blinds for the scope. */
export class Codec {
  constructor(readonly sealer: RecordSealer) {}

  seal(table: TableName, pk: string, columns: RowColumns, record: unknown): RawRow {
    return this.sealer.sealText(table, pk, columns, storedValueText(record));
  }

  open<R>(table: TableName, row: RawRow): R {
    return decodeStoredValue(this.sealer.open(table, row)) as R;
  }

  pk(table: TableName, id: string): string {
    return this.sealer.pk(table, id);
  }

  room(roomId: string): string {
    return this.sealer.blind('room', roomId);
  }

  msg(msgId: string): string {
    return this.sealer.blind('msg', msgId);
  }
}

function strip<T extends object>(record: T): T {
  // Drop `undefined` fields so the sealed bytes and the read-back record are identical. Most records have
  // none: they are used as they are, without a copy.
  let clean = true;
  for (const k in record) {
    if (Object.hasOwn(record, k) && record[k] === undefined) {
      clean = false;
      break;
    }
  }
  if (clean) return record;
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

function keyedTable<R extends object>(
  table: Exclude<TableName, 'kv'>,
  exec: Exec,
  codec: Codec,
  idOf: (r: R) => string,
  columnsOf: (r: R) => RowColumns = () => ({}),
): KeyedTable<R> {
  return {
    async get(id) {
      return exec('r', async (tx) => {
        const row = await tx.get(table, codec.pk(table, id));
        return row ? codec.open<R>(table, row) : undefined;
      });
    },
    async put(record) {
      checkRecord(table, record);
      const clean = strip(record);
      const id = idOf(clean);
      const pk = codec.pk(table, id);
      const row = codec.seal(table, pk, columnsOf(clean), clean);
      await exec('rw', (tx) => tx.put(table, [row]));
    },
    async delete(id) {
      return exec('rw', async (tx) => {
        const pk = codec.pk(table, id);
        const had = (await tx.get(table, pk)) !== undefined;
        if (had) await tx.delete(table, [pk]);
        return had;
      });
    },
    async list() {
      return exec('r', async (tx) => (await tx.all(table)).map((row) => codec.open<R>(table, row)));
    },
    async count() {
      return exec('r', (tx) => tx.count(table));
    },
  };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return STORE_DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  return Math.min(limit, STORE_MAX_PAGE_SIZE);
}

/** Deletes message rows with their per-message keys and attachment rows. */
export async function deleteMessageRows(
  tx: EngineTx,
  rows: readonly RawRow[],
): Promise<{ keys: number; atts: number }> {
  let keys = 0;
  let atts = 0;
  for (const row of rows) {
    if (row.msg === undefined) continue;
    const k = await tx.query('messageKeys', { index: 'msg', prefix: row.msg });
    const a = await tx.query('attachments', { index: 'msg', prefix: row.msg });
    if (k.length)
      await tx.delete(
        'messageKeys',
        k.map((r) => r.pk),
      );
    if (a.length)
      await tx.delete(
        'attachments',
        a.map((r) => r.pk),
      );
    keys += k.length;
    atts += a.length;
  }
  await tx.delete(
    'messages',
    rows.map((r) => r.pk),
  );
  return { keys, atts };
}

/** The tables over `exec`. */
export function makeScope(exec: Exec, codec: Codec): StoreScope {
  const messageRow = (m: MessageRecord): RawRow => {
    checkRecord('messages', m);
    const clean = strip(m);
    const columns: RowColumns = {
      room: codec.room(clean.roomId),
      msg: codec.msg(clean.msgId),
      offset: clean.offset,
      ts: clean.sentAt,
      ...(clean.expiresAt !== undefined ? { exp: clean.expiresAt } : {}),
    };
    return codec.seal('messages', codec.msg(clean.msgId), columns, clean);
  };

  const messages: MessageTable = {
    async put(m) {
      const row = messageRow(m);
      await exec('rw', (tx) => tx.put('messages', [row]));
    },
    async putMany(ms) {
      const rows = ms.map(messageRow);
      await exec('rw', (tx) => tx.put('messages', rows));
    },
    async get(msgId) {
      return exec('r', async (tx) => {
        const row = await tx.get('messages', codec.msg(msgId));
        return row ? codec.open<MessageRecord>('messages', row) : undefined;
      });
    },
    async page(roomId, query: PageQuery = {}) {
      const limit = clampLimit(query.limit);
      const backward = query.direction === 'backward';
      const rows = await exec('r', (tx) =>
        tx.query('messages', {
          index: 'room+offset',
          prefix: codec.room(roomId),
          ...(query.after !== undefined ? { lower: query.after, lowerOpen: true } : {}),
          ...(query.before !== undefined ? { upper: query.before, upperOpen: true } : {}),
          limit: limit + 1,
          reverse: backward,
        }),
      );
      const more = rows.length > limit;
      const list = rows.slice(0, limit).map((row) => codec.open<MessageRecord>('messages', row));
      const last = list[list.length - 1];
      return more && last ? { messages: list, next: last.offset } : { messages: list };
    },
    async delete(msgId) {
      return exec('rw', async (tx) => {
        const row = await tx.get('messages', codec.msg(msgId));
        if (!row) return false;
        await deleteMessageRows(tx, [row]);
        return true;
      });
    },
    async deleteRoom(roomId) {
      const room = codec.room(roomId);
      return exec('rw', async (tx) => {
        const rows = await tx.query('messages', { index: 'room+offset', prefix: room });
        await deleteMessageRows(tx, rows);
        for (const table of ['outbox', 'attachments', 'messageKeys'] as const) {
          const index = table === 'outbox' ? 'room+seq' : 'room';
          const extra = await tx.query(table, { index, prefix: room });
          if (extra.length)
            await tx.delete(
              table,
              extra.map((r) => r.pk),
            );
        }
        return rows.length;
      });
    },
    async count(roomId) {
      return exec('r', async (tx) => {
        if (roomId === undefined) return tx.count('messages');
        return (await tx.query('messages', { index: 'room+offset', prefix: codec.room(roomId) })).length;
      });
    },
  };

  const outbox: OutboxTable = {
    async enqueue(record) {
      checkRecord('outbox', record);
      const clean = strip(record);
      return exec('rw', async (tx) => {
        const [top] = await tx.query('outbox', { index: 'seq', reverse: true, limit: 1 });
        const seq = (top?.seq ?? 0) + 1;
        const queued: QueuedOutboxRecord = { ...clean, seq };
        const pk = codec.pk('outbox', clean.msgId);
        await tx.put('outbox', [codec.seal('outbox', pk, { room: codec.room(clean.roomId), seq }, queued)]);
        return queued;
      });
    },
    async list(roomId, limit) {
      const n = limit === undefined ? undefined : clampLimit(limit);
      return exec('r', async (tx) => {
        const rows =
          roomId === undefined
            ? await tx.query('outbox', { index: 'seq', ...(n ? { limit: n } : {}) })
            : await tx.query('outbox', {
                index: 'room+seq',
                prefix: codec.room(roomId),
                ...(n ? { limit: n } : {}),
              });
        return rows.map((row) => codec.open<QueuedOutboxRecord>('outbox', row));
      });
    },
    async get(msgId) {
      return exec('r', async (tx) => {
        const row = await tx.get('outbox', codec.pk('outbox', msgId));
        return row ? codec.open<QueuedOutboxRecord>('outbox', row) : undefined;
      });
    },
    async update(record) {
      checkRecord('outbox', record);
      if (!Number.isInteger(record.seq)) throw StoreError.invalidRecord('outbox', 'seq');
      const clean = strip(record);
      const pk = codec.pk('outbox', clean.msgId);
      const row = codec.seal('outbox', pk, { room: codec.room(clean.roomId), seq: clean.seq }, clean);
      await exec('rw', (tx) => tx.put('outbox', [row]));
    },
    async remove(msgId) {
      return exec('rw', async (tx) => {
        const pk = codec.pk('outbox', msgId);
        const had = (await tx.get('outbox', pk)) !== undefined;
        if (had) await tx.delete('outbox', [pk]);
        return had;
      });
    },
    async count() {
      return exec('r', (tx) => tx.count('outbox'));
    },
  };

  const attachmentsBase = keyedTable<AttachmentRecord>(
    'attachments',
    exec,
    codec,
    (r) => r.id,
    (r) => ({
      room: codec.room(r.roomId),
      ...(r.msgId !== undefined ? { msg: codec.msg(r.msgId) } : {}),
      ...(r.expiresAt !== undefined ? { exp: r.expiresAt } : {}),
    }),
  );
  const attachments: AttachmentTable = {
    ...attachmentsBase,
    async forMessage(msgId) {
      return exec('r', async (tx) =>
        (await tx.query('attachments', { index: 'msg', prefix: codec.msg(msgId) })).map((row) =>
          codec.open<AttachmentRecord>('attachments', row),
        ),
      );
    },
  };

  const kv: KvTable = {
    async get<V extends StoredValue = StoredValue>(key: string) {
      return exec('r', async (tx) => {
        const row = await tx.get('kv', codec.pk('kv', key));
        return row ? codec.open<{ v: V }>('kv', row).v : undefined;
      });
    },
    async set(key, value) {
      if (typeof key !== 'string') throw StoreError.invalidRecord('kv', 'key');
      assertStoredValue(value, 'kv', 'value');
      const pk = codec.pk('kv', key);
      const row = codec.seal('kv', pk, {}, { k: key, v: value });
      await exec('rw', (tx) => tx.put('kv', [row]));
    },
    async delete(key) {
      return exec('rw', async (tx) => {
        const pk = codec.pk('kv', key);
        const had = (await tx.get('kv', pk)) !== undefined;
        if (had) await tx.delete('kv', [pk]);
        return had;
      });
    },
  };

  return {
    identity: keyedTable<IdentityRecord>('identity', exec, codec, (r) => r.id),
    sessions: keyedTable<SessionRecord>('sessions', exec, codec, (r) => r.id),
    rooms: keyedTable<RoomRecord>('rooms', exec, codec, (r) => r.id),
    messages,
    outbox,
    attachments,
    messageKeys: keyedTable<MessageKeyRecord>(
      'messageKeys',
      exec,
      codec,
      (r) => r.msgId,
      (r) => ({
        room: codec.room(r.roomId),
        msg: codec.msg(r.msgId),
        ...(r.expiresAt !== undefined ? { exp: r.expiresAt } : {}),
      }),
    ),
    kv,
  };
}
