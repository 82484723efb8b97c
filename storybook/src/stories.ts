import type { CryptalkChat } from '@cryptalk/widget';
import { CALL_STORIES } from './call-stories.js'; // calls
import { ESCROW_STORIES } from './escrow-stories.js'; // escrow
import { el, frame, ROOM, sampleItems, seededBackend } from './fixtures.js';
import type { Story } from './story.js';

const panel = (backend: unknown, locale: string, extra: Record<string, unknown> = {}) =>
  frame(380, 560, el('cryptalk-panel', { '.backend': backend, room: ROOM, brand: 'Acme', locale, ...extra }));

const chat = (ctx: { locale: string; theme: string }, attrs: Record<string, unknown>, messages = 3) => {
  const { backend } = seededBackend(messages);
  const c = el<CryptalkChat>('cryptalk-chat', {
    room: ROOM,
    brand: 'Acme',
    locale: ctx.locale,
    theme: ctx.theme,
    ...attrs,
  });
  c.backend = backend;
  return c;
};

/** Every component in every state the issue asks for: empty, long thread, RTL, dark, error, offline… */
export const STORIES: Story[] = [
  { component: 'cryptalk-chat', name: 'launcher (closed)', render: (ctx) => chat(ctx, {}) },
  { component: 'cryptalk-chat', name: 'launcher (open)', render: (ctx) => chat(ctx, { open: true }) },
  {
    component: 'cryptalk-chat',
    name: 'unread badge',
    render: (ctx) => {
      const { hub, backend, other } = seededBackend(1);
      const c = el<CryptalkChat>('cryptalk-chat', {
        room: ROOM,
        locale: ctx.locale,
        theme: ctx.theme,
        connect: true,
      });
      c.backend = backend;
      const send = () => void other.send(ROOM, 'Are you still there?').catch(() => {});
      setTimeout(() => (hub.members.size > 1 ? send() : setTimeout(send, 300)), 300);
      return c;
    },
  },
  {
    component: 'cryptalk-chat',
    name: 'inline',
    render: (ctx) => frame(420, 520, chat(ctx, { mode: 'inline' })),
  },
  {
    component: 'cryptalk-chat',
    name: 'RTL (Arabic)',
    render: (ctx) => chat({ ...ctx, locale: 'ar' }, { open: true }),
  },
  {
    component: 'cryptalk-chat',
    name: 'dark',
    render: (ctx) => chat({ ...ctx, theme: 'dark' }, { open: true }),
  },
  {
    component: 'cryptalk-panel',
    name: 'empty',
    render: (ctx) => panel(seededBackend(0).backend, ctx.locale),
  },
  {
    component: 'cryptalk-panel',
    name: 'conversation',
    render: (ctx) => panel(seededBackend(6).backend, ctx.locale),
  },
  {
    component: 'cryptalk-panel',
    name: 'long thread (10,000)',
    render: (ctx) => panel(seededBackend(10_000).backend, ctx.locale),
  },
  {
    component: 'cryptalk-panel',
    name: 'offline / error',
    render: (ctx) => panel(seededBackend(0, { online: false }).backend, ctx.locale),
  },
  {
    component: 'cryptalk-panel',
    name: 'someone typing',
    render: (ctx) => {
      const { backend, other } = seededBackend(2);
      setTimeout(() => other.typing(ROOM, true), 200);
      return panel(backend, ctx.locale);
    },
  },
  {
    component: 'cryptalk-panel',
    name: 'inline mode',
    render: (ctx) => panel(seededBackend(4).backend, ctx.locale, { mode: 'inline' }),
  },
  {
    component: 'cryptalk-message-list',
    name: 'replies, edits, reactions, receipts, deleted',
    render: (ctx) =>
      frame(
        380,
        480,
        el('cryptalk-message-list', {
          '.messages': sampleItems(),
          '.capabilities': { react: true, edit: true, delete: true },
          locale: ctx.locale,
        }),
      ),
  },
  {
    component: 'cryptalk-message-list',
    name: 'empty',
    render: (ctx) => frame(380, 300, el('cryptalk-message-list', { locale: ctx.locale })),
  },
  {
    component: 'cryptalk-composer',
    name: 'default',
    render: (ctx) =>
      frame(
        380,
        120,
        el('cryptalk-composer', { locale: ctx.locale, '.capabilities': { attachments: true } }),
      ),
  },
  {
    component: 'cryptalk-composer',
    name: 'replying',
    render: (ctx) =>
      frame(380, 140, el('cryptalk-composer', { locale: ctx.locale, '.replyTo': sampleItems()[0] })),
  },
  {
    component: 'cryptalk-composer',
    name: 'uploading',
    render: (ctx) =>
      frame(
        380,
        160,
        el('cryptalk-composer', {
          locale: ctx.locale,
          '.capabilities': { attachments: true },
          '.uploads': [{ id: '1', name: 'photo.jpg', progress: 0.4 }],
        }),
      ),
  },
  {
    component: 'cryptalk-composer',
    name: 'offline (disabled)',
    render: (ctx) => frame(380, 120, el('cryptalk-composer', { locale: ctx.locale, disabled: true })),
  },
  {
    component: 'cryptalk-room-list',
    name: 'inbox',
    render: (ctx) =>
      frame(
        380,
        300,
        el('cryptalk-room-list', {
          locale: ctx.locale,
          '.rooms': [
            { id: 'a', name: 'Acme support', unread: 2, lastText: 'It should arrive tomorrow.' },
            { id: 'b', name: 'Billing', unread: 0, lastText: 'Invoice sent.' },
          ],
        }),
      ),
  },
  {
    component: 'cryptalk-room-list',
    name: 'empty',
    render: (ctx) => frame(380, 200, el('cryptalk-room-list', { locale: ctx.locale })),
  },
  {
    component: 'cryptalk-invite',
    name: 'invite link with QR code',
    render: (ctx) =>
      frame(
        380,
        420,
        el('cryptalk-invite', { locale: ctx.locale, link: `https://chat.example/join#room=${ROOM}` }),
      ),
  },
  {
    component: 'cryptalk-safety-number',
    name: 'unverified',
    render: (ctx) =>
      frame(
        380,
        360,
        el('cryptalk-safety-number', {
          locale: ctx.locale,
          number: '37294018563920174856302918475620193847561029384756102938475610',
        }),
      ),
  },
  {
    component: 'cryptalk-safety-number',
    name: 'verified',
    render: (ctx) =>
      frame(
        380,
        360,
        el('cryptalk-safety-number', {
          locale: ctx.locale,
          verified: true,
          number: '372940185639201748563029184756201938475610293847561029384756',
        }),
      ),
  },
  // ─── calls (begin) ─── the calls UI's entries live in ./call-stories.ts
  ...CALL_STORIES,
  // ─── calls (end) ───
  // ─── escrow (begin) ─── the escrow card's entries live in ./escrow-stories.ts
  ...ESCROW_STORIES,
  // ─── escrow (end) ───
];
