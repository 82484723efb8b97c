import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { type ChatItem, MemoryBackend, MemoryHub } from '../../backend/index.js';
import { RENDER_SLICE_MAX, RENDER_SLICE_UPDATES_MAX } from '../../limits.js';
import { deepQuery } from '../../testing/deep-query.js';
import { ignoreResizeObserverLoop } from '../../testing/resize-observer.js';
import './panel.js';
import type { CryptalkPanel } from './panel.component.js';

const ROOM = 'room-panel-burst-0001';
const COUNT = 300;

ignoreResizeObserverLoop();

describe('<cryptalk-panel> under a burst of received messages', () => {
  it('lists every message once and in order, renders in few batches, summarizes the burst and stays at the bottom', async () => {
    const hub = new MemoryHub();
    const me = new MemoryBackend({ hub, userName: 'Ana' });
    const bo = new MemoryBackend({ hub, userName: 'Bo' });
    await bo.join(ROOM);
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width:380px;height:560px">
      <cryptalk-panel .backend=${me} room=${ROOM} brand="Shop" locale="en" mode="inline"></cryptalk-panel>
    </div>`);
    const panel = wrapper.querySelector('cryptalk-panel') as CryptalkPanel;
    await waitUntil(() => deepQuery(panel, '[part=status]')?.textContent === 'Connected', 'connected', {
      timeout: 5000,
    });
    await bo.send(ROOM, 'first');
    await waitUntil(() => panel.messageList?.messages.length === 1, 'first message listed', {
      timeout: 5000,
    });
    const list = panel.messageList!;
    // Renders of the list that add rows (with their sizes), and renders that only apply changes of listed
    // messages (here: Ana's own read receipt, which the memory backend sends back as an update of each message).
    let renders = 0;
    let updateRenders = 0;
    let largestSlice = 0;
    const sizes: number[] = [];
    let shown = list.messages.length;
    const proto = Object.getPrototypeOf(list) as { updated(c: unknown): void };
    Object.assign(list, {
      updated(changed: Map<string, unknown>) {
        if (changed.has('messages')) {
          const added = list.messages.length - shown;
          if (added) renders++;
          else updateRenders++;
          sizes.push(added);
          largestSlice = Math.max(largestSlice, added);
          shown = list.messages.length;
        }
        proto.updated.call(list, changed);
      },
    });
    // The newest view of each message Ana's backend emitted: the list has applied every update once it
    // holds exactly these.
    const latest = new Map<string, ChatItem>();
    let updates = 0;
    me.on('message', (m) => {
      if (latest.has(m.id)) updates++;
      latest.set(m.id, m);
    });
    const live = deepQuery(panel, '[aria-live=polite]')!;
    const spoken: string[] = [];
    new MutationObserver(() => spoken.push(live.textContent ?? '')).observe(live, {
      subtree: true,
      characterData: true,
      childList: true,
    });
    const events: string[] = [];
    panel.addEventListener('cryptalk-message', (e) =>
      events.push((e as unknown as { message: { text: string } }).message.text),
    );
    // Bursts of 20 messages every 20 ms: 300 messages in about 300 ms.
    for (let i = 0; i < COUNT; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => bo.send(ROOM, `bulk ${i + j}`)));
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitUntil(() => list.messages.length === COUNT + 1, 'every message listed', { timeout: 10_000 });
    expect(list.messages.map((m) => m.text)).to.deep.equal([
      'first',
      ...Array.from({ length: COUNT }, (_, i) => `bulk ${i}`),
    ]);
    expect(events.length, 'one cryptalk-message event per new message').to.equal(COUNT);
    // Ana's read receipt for the newest message comes back as an update of every message of the burst (at
    // most one receipt per second, so it may come during the burst or after it): wait until all are applied.
    await waitUntil(
      () => {
        if (updates < COUNT) return false;
        const listed = new Map(list.messages.map((m) => [m.id, m]));
        return [...latest.values()].every((m) => listed.get(m.id) === m);
      },
      'the receipt came back as an update of every message, and the list applied them all',
      { timeout: 10_000 },
    );
    // Batched (one render per slice of RENDER_SLICE_MAX rows, plus a last partial slice per batch of the
    // burst; never one per message), and each render adds at most a slice of rows, so no task renders a
    // whole burst (issue #9). The receipts' updates take slices of their own (RENDER_SLICE_UPDATES_MAX
    // each, plus a partial one per receipt and batch): about 13 more for 300 updates, not 150.
    expect(renders, `${renders} list renders for ${COUNT} messages: ${sizes.join(' ')}`).to.be.at.most(
      Math.ceil(COUNT / RENDER_SLICE_MAX) + 10,
    );
    expect(largestSlice, 'rows added by one render').to.be.at.most(RENDER_SLICE_MAX);
    expect(
      updateRenders,
      `${updateRenders} update-only renders for at most ${COUNT + 1} updates: ${sizes.join(' ')}`,
    ).to.be.at.most(Math.ceil((COUNT + 1) / RENDER_SLICE_UPDATES_MAX) + 10);
    // The live region speaks a summary for the burst (not 300 announcements), ending with the latest.
    await waitUntil(() => live.textContent?.includes(`bulk ${COUNT - 1}`), 'latest announced', {
      timeout: 5000,
    });
    expect(spoken.length, spoken.join(' | ')).to.be.at.most(6);
    expect(live.textContent).to.match(/\d+ new messages\. New message from Bo: bulk 299/);
    // At the bottom before the burst, so it follows the burst to the newest message.
    const scroller = deepQuery<HTMLElement>(panel, '[part=messages]')!;
    await waitUntil(
      () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80,
      'scrolled to the bottom',
      { timeout: 5000 },
    );
    await waitUntil(() => deepQuery(panel, `[data-id="${list.messages.at(-1)?.id}"]`), 'last row rendered', {
      timeout: 5000,
    });
  });
});
