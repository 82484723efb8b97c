import { type ChatItem, MemoryBackend, MemoryHub } from '@cryptalk/widget';

/** The room every story uses. */
export const ROOM = 'story-room-0123456789';

const T0 = Date.UTC(2026, 0, 15, 9, 30);

/** A few messages with every decoration: reply, edit, reactions, receipts, deleted, link, attachment. */
export function sampleItems(): ChatItem[] {
  return [
    { id: 'a', room: ROOM, author: 'Mina', own: false, text: 'Hi! How can I help you today?', sentAt: T0 },
    {
      id: 'b',
      room: ROOM,
      author: 'You',
      own: true,
      text: 'My order #1042 has not arrived yet.',
      sentAt: T0 + 60_000,
      status: 'read',
      edited: true,
      reactions: [{ emoji: '👍', count: 1, mine: false }],
    },
    {
      id: 'c',
      room: ROOM,
      author: 'Mina',
      own: false,
      text: 'Tracking: https://track.example/1042 — it should arrive tomorrow.',
      sentAt: T0 + 120_000,
      replyTo: { id: 'b', author: 'You', text: 'My order #1042 has not arrived yet.' },
    },
    {
      id: 'd',
      room: ROOM,
      author: 'You',
      own: true,
      text: '',
      sentAt: T0 + 180_000,
      status: 'sent',
      attachment: { name: 'receipt.pdf', size: 48_213, type: 'application/pdf' },
    },
    { id: 'e', room: ROOM, author: 'Mina', own: false, text: '', deleted: true, sentAt: T0 + 240_000 },
  ];
}

/**
 * A hub with a conversation and a second member, and the user's backend on it.
 * @param messages - how many messages of history (10,000 for the long thread).
 */
export function seededBackend(messages = 3, options: { online?: boolean } = {}) {
  const hub = new MemoryHub();
  hub.nameRoom(ROOM, 'Acme support');
  hub.seed(
    ROOM,
    Array.from({ length: messages }, (_, i) => ({
      author: i % 3 === 1 ? 'You' : 'Mina',
      text: `Message ${i + 1}: ${'the quick brown fox jumps over the lazy dog '.repeat(1 + (i % 3))}`,
      sentAt: T0 + i * 60_000,
    })),
  );
  hub.online = options.online ?? true;
  const backend = new MemoryBackend({ hub, userName: 'You' });
  const other = new MemoryBackend({ hub, userName: 'Mina' });
  if (hub.online) void other.join(ROOM);
  return { hub, backend, other };
}

/**
 * Creates an element with attributes and properties.
 * @param tag - the tag.
 * @param attrs - attributes (strings) and properties (anything else, or keys starting with '.').
 */
export function el<T extends HTMLElement>(
  tag: string,
  attrs: Record<string, unknown> = {},
  ...children: Node[]
): T {
  const e = document.createElement(tag) as T;
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('.')) (e as unknown as Record<string, unknown>)[k.slice(1)] = v;
    else if (typeof v === 'boolean') e.toggleAttribute(k, v);
    else e.setAttribute(k, String(v));
  }
  e.append(...children);
  return e;
}

/** A box of a fixed size for a story. */
export const frame = (width: number, height: number, child: HTMLElement): HTMLElement => {
  const box = el('div', { class: 'frame' }, child);
  box.style.width = `${width}px`;
  box.style.height = `${height}px`;
  return box;
};
