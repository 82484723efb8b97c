/**
 * Shape checks of records before they are sealed: required fields and types, then the whole record as a
 * {@link StoredValue}. Boundary validation (CONVENTIONS habit 5) with the store's typed error.
 *
 * @module
 */
import type { TableName } from './engine.js';
import { StoreError } from './errors.js';
import { assertStoredValue } from './stored-value.js';

type FieldKind = 'string' | 'number' | 'bytes' | 'string?' | 'number?' | 'bytes?';

const SHAPES: Record<Exclude<TableName, 'kv'>, Record<string, FieldKind>> = {
  identity: { id: 'string', createdAt: 'number', displayName: 'string?' },
  sessions: { id: 'string', peer: 'string', state: 'bytes', updatedAt: 'number' },
  rooms: {
    id: 'string',
    name: 'string?',
    state: 'bytes?',
    lastOffset: 'number?',
    disappearAfterMs: 'number?',
    joinedAt: 'number',
  },
  messages: {
    roomId: 'string',
    msgId: 'string',
    offset: 'number',
    sender: 'string',
    text: 'string',
    sentAt: 'number',
    expiresAt: 'number?',
  },
  outbox: { msgId: 'string', roomId: 'string', payload: 'bytes', createdAt: 'number', attempts: 'number' },
  attachments: {
    id: 'string',
    roomId: 'string',
    msgId: 'string?',
    name: 'string',
    mime: 'string',
    size: 'number',
    key: 'bytes',
    digest: 'bytes',
    createdAt: 'number',
    expiresAt: 'number?',
  },
  messageKeys: { msgId: 'string', roomId: 'string', key: 'bytes', expiresAt: 'number?' },
};

function fits(value: unknown, kind: FieldKind): boolean {
  if (kind.endsWith('?') && value === undefined) return true;
  const base = kind.replace('?', '');
  if (base === 'string') return typeof value === 'string';
  if (base === 'number') return typeof value === 'number' && Number.isFinite(value);
  return value instanceof Uint8Array;
}

/**
 * Checks a record of `table` before it is written.
 *
 * @throws StoreError STORE_INVALID_RECORD naming the table and the first bad field.
 */
export function checkRecord(table: Exclude<TableName, 'kv'>, record: unknown): void {
  if (record === null || typeof record !== 'object') throw StoreError.invalidRecord(table, '(record)');
  const r = record as Record<string, unknown>;
  for (const [field, kind] of Object.entries(SHAPES[table])) {
    if (!fits(r[field], kind)) throw StoreError.invalidRecord(table, field);
  }
  assertStoredValue(record, table, '(record)');
}
