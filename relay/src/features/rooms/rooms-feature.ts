import {
  type ClientFrame,
  type DeliverFrame,
  type DestroyFrame,
  encodeFrame,
  type JoinFrame,
  PROTOCOL_VERSION,
  type PublishFrame,
  type RecvFrame,
  type ServerFrame,
  type SignalFrame,
} from '@cryptalk/sdk/protocol';
import { CLOSE, RelayError } from '../../errors.js';
import type { Session } from '../../handshake/index.js';
import type { NewMessage, RoomEvent, StoredMessage } from '../../store/store.js';
import type { Feature, FeatureDeps } from '../feature.js';
import { BACKLOG_PAGE, MAX_SYNC_BUFFER, type Membership } from './membership.js';

const NAME = 'rooms';
/** Each envelope is encoded (to UTF-8 bytes) once per node, however many members receive it. */
const encoded = new WeakMap<StoredMessage, Buffer>();

function deliverText(room: string, m: StoredMessage): Buffer {
  let text = encoded.get(m);
  if (text === undefined) {
    const frame: DeliverFrame = {
      v: PROTOCOL_VERSION,
      t: 'deliver',
      env: { v: PROTOCOL_VERSION, msgId: m.msgId, room, epoch: m.epoch, offset: m.offset, ct: m.ct },
    };
    if (m.hs) frame.env.hs = true;
    text = Buffer.from(encodeFrame(frame));
    encoded.set(m, text);
  }
  return text;
}

function reply<T extends ServerFrame>(frame: T, rid: string | undefined): T {
  if (rid !== undefined) frame.rid = rid;
  return frame;
}

/**
 * Rooms: join (with proof, resume or mailbox backlog), leave, destroy, publish → dedupe → offset → ack →
 * fan-out, mailbox receipts, and ephemeral signals.
 */
export class RoomsFeature implements Feature {
  readonly name = NAME;
  readonly frames = ['join', 'leave', 'destroy', 'publish', 'recv', 'signal'] as const;

  /** Deliveries not yet added to the metric: counted in a plain number on the fan-out path, flushed per tick. */
  private uncounted = 0;

  /** @param deps - store, settings, metrics. */
  constructor(private readonly deps: FeatureDeps) {}

  private countDelivery(): void {
    if (this.uncounted++ === 0) {
      queueMicrotask(() => {
        this.deps.metrics.deliveries.inc(this.uncounted);
        this.uncounted = 0;
      });
    }
  }

  private rooms(session: Session): Map<string, Membership> {
    let m = session.data.get(NAME) as Map<string, Membership> | undefined;
    if (!m) {
      m = new Map();
      session.data.set(NAME, m);
    }
    return m;
  }

  handle(session: Session, frame: ClientFrame): Promise<void> | void {
    switch (frame.t) {
      case 'join':
        return this.join(session, frame);
      case 'leave': {
        this.drop(session, frame.room);
        session.send(reply({ v: PROTOCOL_VERSION, t: 'left', room: frame.room }, frame.rid));
        return;
      }
      case 'destroy':
        return this.destroy(session, frame);
      case 'publish':
        return this.publish(session, frame);
      case 'recv':
        return this.recv(session, frame);
      case 'signal':
        return this.signal(session, frame);
    }
  }

  closed(session: Session): void {
    for (const room of [...this.rooms(session).keys()]) this.drop(session, room);
  }

  private drop(session: Session, room: string): void {
    const rooms = this.rooms(session);
    const m = rooms.get(room);
    if (!m) return;
    m.gone = true;
    m.unsub?.();
    rooms.delete(room);
  }

  private async join(session: Session, frame: JoinFrame): Promise<void> {
    const { store, options, now } = this.deps;
    const rooms = this.rooms(session);
    const existing = rooms.get(frame.room);
    if (existing) this.drop(session, frame.room);
    else if (rooms.size >= options.maxRoomsPerConnection) {
      throw RelayError.tooManyRooms(options.maxRoomsPerConnection);
    }
    let key: string | undefined;
    if (frame.proof) key = session.verify(frame.proof);
    else if (options.requireAuth) throw RelayError.proofRequired();

    const m: Membership = { key, unsub: undefined, syncing: true, buffer: [], next: 0, gone: false };
    rooms.set(frame.room, m);
    const info = await store.openRoom(frame.room, (frame.ttl ?? options.roomTtlSeconds) * 1000, key, now());
    if (info === 'full') {
      rooms.delete(frame.room);
      throw RelayError.capacity('rooms');
    }
    const unsub = await store.subscribe(frame.room, (e) => this.onEvent(session, frame.room, m, e));
    if (m.gone || !session.open) {
      unsub();
      return;
    }
    m.unsub = unsub;
    // The room as it is now that the subscription is live: nothing published from here on can be missed.
    const live = (await store.roomInfo(frame.room, now())) ?? info;

    let from = live.next;
    let recovered: boolean | undefined;
    let mailbox = false;
    if (frame.resume) {
      recovered =
        frame.resume.epoch === live.epoch &&
        frame.resume.offset >= live.first &&
        frame.resume.offset <= live.next;
      if (recovered) from = frame.resume.offset;
    } else if (key !== undefined) {
      const cursor = await store.mailboxCursor(frame.room, key, now());
      if (cursor !== undefined) {
        from = Math.max(cursor, live.first);
        mailbox = true;
      }
    }
    if (key !== undefined) await store.advanceMailbox(frame.room, key, from, now());
    if (m.gone) return;
    const joined: ServerFrame = {
      v: PROTOCOL_VERSION,
      t: 'joined',
      room: frame.room,
      epoch: live.epoch,
      offset: live.next,
      from,
    };
    if (recovered !== undefined) joined.recovered = recovered;
    session.send(reply(joined, frame.rid));

    // Backlog: exactly the retained envelopes from `from` on, then whatever arrived live meanwhile.
    const oldest = mailbox ? now() - options.mailboxTtlSeconds * 1000 : 0;
    let next = from;
    for (;;) {
      const page = await store.range(frame.room, next, BACKLOG_PAGE);
      if (m.gone || !session.open) return;
      for (const msg of page) {
        if (msg.offset < next) continue;
        next = msg.offset + 1;
        if (msg.at <= oldest) continue; // past the mailbox's hard expiry
        if (msg.exp !== undefined && msg.exp <= now()) continue; // disappeared
        session.sendText(deliverText(frame.room, msg));
        this.countDelivery();
      }
      if (page.length < BACKLOG_PAGE) break;
    }
    for (const msg of m.buffer) {
      if (msg.offset < next) continue;
      next = msg.offset + 1;
      session.sendText(deliverText(frame.room, msg));
      this.countDelivery();
    }
    m.buffer = [];
    m.next = next;
    m.syncing = false;
    session.send({ v: PROTOCOL_VERSION, t: 'drained', room: frame.room, offset: next });
  }

  private onEvent(session: Session, room: string, m: Membership, e: RoomEvent): void {
    if (m.gone || !session.open) return;
    switch (e.kind) {
      case 'message': {
        if (m.syncing) {
          m.buffer.push(e.message);
          if (m.buffer.length > MAX_SYNC_BUFFER) session.close(CLOSE.SLOW_CONSUMER, 'slow consumer');
          return;
        }
        if (e.message.offset < m.next) return;
        m.next = e.message.offset + 1;
        session.sendText(deliverText(room, e.message));
        this.countDelivery();
        return;
      }
      case 'signal': {
        if (e.from === session.connId) return;
        const age = Math.max(0, this.deps.now() - e.at);
        const sent =
          age <= this.deps.options.signalStaleMs &&
          session.sendDroppable({ v: PROTOCOL_VERSION, t: 'signal', room, data: e.data, age });
        this.deps.metrics.signals.inc({ outcome: sent ? 'delivered' : 'dropped' });
        return;
      }
      case 'destroyed': {
        this.drop(session, room);
        session.send({ v: PROTOCOL_VERSION, t: 'destroyed', room });
        return;
      }
    }
  }

  private joined(session: Session, room: string): Membership {
    const m = this.rooms(session).get(room);
    if (!m) throw RelayError.notJoined();
    return m;
  }

  private async publish(session: Session, frame: PublishFrame): Promise<void> {
    this.joined(session, frame.room);
    const started = performance.now();
    const now = this.deps.now();
    const msg: NewMessage = { msgId: frame.msgId, epoch: frame.epoch, ct: frame.ct, hs: frame.hs === true };
    if (frame.ttl !== undefined) msg.exp = now + frame.ttl * 1000;
    const r = await this.deps.store.append(frame.room, msg, now);
    switch (r.kind) {
      case 'stored':
      case 'duplicate': {
        const offset = r.kind === 'stored' ? r.message.offset : r.offset;
        (r.kind === 'stored' ? this.deps.metrics.stored : this.deps.metrics.duplicates).inc();
        session.send(reply({ v: PROTOCOL_VERSION, t: 'ack', msgId: frame.msgId, offset }, frame.rid));
        this.deps.metrics.publishSeconds.observe((performance.now() - started) / 1000);
        return;
      }
      case 'stale-epoch':
        throw RelayError.staleEpoch(r.mlsEpoch);
      case 'no-room':
        throw RelayError.noRoom();
    }
  }

  private async recv(session: Session, frame: RecvFrame): Promise<void> {
    const m = this.joined(session, frame.room);
    if (m.key === undefined) return;
    await this.deps.store.advanceMailbox(frame.room, m.key, frame.offset + 1, this.deps.now());
  }

  private async signal(session: Session, frame: SignalFrame): Promise<void> {
    this.joined(session, frame.room);
    await this.deps.store.signal(frame.room, frame.data, session.connId, this.deps.now());
  }

  private async destroy(session: Session, frame: DestroyFrame): Promise<void> {
    const m = this.joined(session, frame.room);
    const info = await this.deps.store.roomInfo(frame.room, this.deps.now());
    if (!info) throw RelayError.noRoom();
    if (info.owner === undefined || info.owner !== m.key) throw RelayError.notOwner();
    this.drop(session, frame.room);
    await this.deps.store.destroyRoom(frame.room);
    session.send(reply({ v: PROTOCOL_VERSION, t: 'destroyed', room: frame.room }, frame.rid));
  }
}
