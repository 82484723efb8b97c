import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryBackend, MemoryHub } from '../../backend/index.js';
import { seriousViolations } from '../../testing/a11y.js';
import { deepQuery, deepQueryAll } from '../../testing/deep-query.js';
import { ignoreResizeObserverLoop } from '../../testing/resize-observer.js';
import { presetDeclarations } from '../../themes/index.js';
import './panel.js';
import { translationReady } from '../../translations/index.js';
import type { CryptalkPanel } from './panel.component.js';

const ROOM = 'room-panel-test-0001';

async function setup(opts: { locale?: string; theme?: 'light' | 'dark'; offline?: boolean } = {}) {
  const hub = new MemoryHub();
  hub.nameRoom(ROOM, 'Support');
  hub.online = !opts.offline;
  const me = new MemoryBackend({ hub, userName: 'Ana' });
  const bo = new MemoryBackend({ hub, userName: 'Bo' });
  if (!opts.offline) await bo.join(ROOM);
  const wrapper = await fixture<HTMLDivElement>(html`<div
    style="width:380px;height:560px;${presetDeclarations(opts.theme ?? 'light')}"
  >
    <cryptalk-panel .backend=${me} room=${ROOM} brand="Shop" locale=${opts.locale ?? 'en'}></cryptalk-panel>
  </div>`);
  const panel = wrapper.querySelector('cryptalk-panel') as CryptalkPanel;
  return { hub, me, bo, panel };
}

/** waitUntil with room for a loaded CI machine. */
const until = (fn: () => unknown, message: string) => waitUntil(fn, message, { timeout: 5000 });
const texts = (el: Element) => deepQueryAll(el, '[part=text]').map((m) => m.textContent?.trim());
const sendFromComposer = (panel: Element, text: string) => {
  const area = deepQuery<HTMLTextAreaElement>(panel, 'textarea')!;
  area.value = text;
  area.dispatchEvent(new Event('input'));
  area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
};
/** A message's action button: the pointer moves over the row (`scope`, or the first row in it) to show them. */
async function actionButton(scope: Element, label: string): Promise<HTMLButtonElement> {
  const row = scope.matches('.row') ? scope : deepQueryAll(scope, '.row')[0]!;
  row.dispatchEvent(new PointerEvent('pointerover', { bubbles: true, composed: true }));
  const find = () =>
    deepQueryAll<HTMLButtonElement>(row, '.actions button').find((b) => b.textContent?.trim() === label);
  await until(find, `${label} button`);
  return find()!;
}

ignoreResizeObserverLoop();

describe('<cryptalk-panel>', () => {
  it('connects, sends, and shows messages from others with an ARIA live announcement', async () => {
    const { bo, panel } = await setup();
    await until(() => deepQuery(panel, '[part=status]')?.textContent === 'Connected', 'connected');
    sendFromComposer(panel, 'hi there');
    await until(() => texts(panel).includes('hi there'), 'own message listed');
    await bo.send(ROOM, '<img src=x onerror=alert(1)>');
    await until(() => texts(panel).length === 2, 'incoming message listed');
    expect(deepQuery(panel, '[part=text] img')).to.equal(null);
    const live = deepQuery(panel, '[aria-live=polite]')!;
    expect(live.textContent).to.contain('New message from Bo');
  });

  it('replies, edits, deletes and reacts (fake backend), and shows read receipts', async () => {
    const { bo, panel } = await setup();
    await until(() => deepQuery(panel, '[part=status]')?.textContent === 'Connected', 'connected');
    await bo.send(ROOM, 'question?');
    await until(() => texts(panel).length === 1, 'message listed');
    (await actionButton(panel, 'Reply')).click();
    await until(
      () => deepQuery(panel, '[part=banner]')?.textContent?.includes('Replying to Bo'),
      'reply banner',
    );
    sendFromComposer(panel, 'answer');
    await until(() => deepQuery(panel, '.quote')?.textContent?.includes('question?'), 'reply quotes');
    // Bo's widget is "open", so he reads it: ✓✓
    bo.markRead(ROOM, (await bo.join(ROOM)).at(-1)!.id);
    await until(() => deepQuery(panel, '.status[aria-label=Read]'), 'read receipt');
    const own = () => deepQueryAll(panel, '.row.own')[0]!;
    (await actionButton(own(), 'Edit')).click();
    await until(() => deepQuery(panel, '[part=send]')?.textContent?.trim() === 'Save', 'edit mode');
    sendFromComposer(panel, 'better answer');
    await until(() => texts(panel).includes('better answer'), 'edited');
    expect(deepQuery(panel, '.edited')).to.not.equal(null);
    (await actionButton(own(), 'React')).click();
    await until(() => deepQueryAll(panel, '.reactions button').length, 'picker');
    deepQueryAll<HTMLButtonElement>(panel, '.reactions button')[0]!.click();
    await until(() => deepQuery(panel, '.reaction[aria-pressed=true]'), 'reaction shown');
    (await actionButton(own(), 'Delete')).click();
    await until(() => texts(panel).includes('This message was deleted.'), 'deleted tombstone');
  });

  it('shows who is typing and the disappearing-timer control', async () => {
    const { bo, me, panel } = await setup();
    await until(() => deepQuery(panel, '[part=status]')?.textContent === 'Connected', 'connected');
    bo.typing(ROOM, true);
    await until(
      () => deepQuery(panel, '[part=typing]')?.textContent?.includes('Bo is typing'),
      'typing line',
    );
    const select = deepQuery<HTMLSelectElement>(panel, 'select')!;
    select.value = '3600';
    select.dispatchEvent(new Event('change'));
    await until(() => me.hub.rooms.get(ROOM)?.timer === 3600, 'timer set');
  });

  it('opens the invite (with a QR code) and safety-number screens', async () => {
    const { panel } = await setup();
    await until(() => deepQuery(panel, '[part=status]')?.textContent === 'Connected', 'connected');
    deepQuery<HTMLButtonElement>(panel, 'header button[aria-label=Invite]')!.click();
    await until(() => deepQuery(panel, '[part=qr] path'), 'QR code');
    expect(deepQuery<HTMLInputElement>(panel, '[part=link]')!.value).to.contain(ROOM);
    expect(await seriousViolations(panel)).to.deep.equal([]);
    deepQuery<HTMLButtonElement>(panel, 'header button[aria-label="Safety number"]')!.click();
    await until(() => deepQuery(panel, '[part=digits]')?.children.length === 12, '12 groups of digits');
    deepQuery<HTMLButtonElement>(panel, '[part=verify]')!.click();
    await until(() => deepQuery(panel, '.verified'), 'verified');
    expect(await seriousViolations(panel)).to.deep.equal([]);
  });

  it('shows an actionable error when offline, and recovers with Retry', async () => {
    const { hub, panel } = await setup({ offline: true });
    await until(() => deepQuery(panel, '[part=error]'), 'error shown');
    expect(deepQuery(panel, '[part=error]')!.textContent).to.contain('Check your internet connection');
    expect(deepQuery(panel, '[part=status]')!.textContent).to.equal('Offline');
    hub.online = true;
    deepQuery<HTMLButtonElement>(panel, '[part=error] button')!.click();
    await until(() => !deepQuery(panel, '[part=error]'), 'error gone');
    expect(deepQuery(panel, '[part=status]')!.textContent).to.equal('Connected');
  });

  it('shows the inbox when the user is in several rooms, and opens a room from it', async () => {
    const { me, hub, panel } = await setup();
    hub.nameRoom('room-two-0000000001', 'Billing');
    await me.join('room-two-0000000001');
    await until(() => deepQuery(panel, 'header button[aria-label="Back to conversations"]'), 'back button');
    deepQuery<HTMLButtonElement>(panel, 'header button[aria-label="Back to conversations"]')!.click();
    await until(() => deepQueryAll(panel, '[part=room]').length === 2, 'two rooms listed');
    const billing = deepQueryAll<HTMLButtonElement>(panel, '[part=room]').find((b) =>
      b.textContent?.includes('Billing'),
    )!;
    billing.click();
    await until(() => panel.room === 'room-two-0000000001' && deepQuery(panel, 'textarea'), 'room opened');
  });

  for (const theme of ['light', 'dark'] as const) {
    for (const locale of ['en', 'ar', 'ja', 'de']) {
      it(`has no serious axe violation (${theme}, ${locale})`, async () => {
        const { bo, panel } = await setup({ theme, locale });
        await until(() => deepQuery(panel, '[part=send]:not([disabled])'), 'connected');
        await bo.send(ROOM, 'hello https://example.com');
        await until(() => texts(panel).length === 1, 'message listed');
        // The locale's strings load on first use: the panel turns to them (right to left for Arabic).
        const dir = locale === 'ar' ? 'rtl' : 'ltr';
        await until(() => deepQuery(panel, '[part=panel]')!.getAttribute('dir') === dir, `dir=${dir}`);
        await until(() => translationReady(locale), `${locale} loaded`);
        await panel.updateComplete;
        expect(await seriousViolations(panel)).to.deep.equal([]);
      });
    }
  }
});
