/**
 * Calls benchmark: in headless Chromium on loopback (inside a loopback-only network namespace), the time
 * from `call()` to the first decoded (rendered) remote video frame on the caller's side, for P2P, for P2P
 * forced through TURN, and for the SFU fallback including the fallback decision (default P2P budget).
 * Targets from issue #7: P2P ≤ 1.5 s; fallback ≤ 10 s from the start. Prints figures; never fails on them.
 *
 * Run: `npm run bench -- calls` (or `node --conditions=source --import tsx bench/calls/index.ts [runs]`).
 */
import { loadavg } from 'node:os';
import { P2P_CONNECT_TIMEOUT_MS } from '../../sdk/src/calls/index.js';
import { type CallsLab, CallsRoom, startCallsLab } from './harness.js';

const RUNS = Number(process.argv[2] ?? 3);

interface Sample {
  firstFrameMs: number;
  fallbackMs?: number;
  candidate?: string;
}

async function once(lab: CallsLab, kind: 'p2p' | 'turn' | 'fallback'): Promise<Sample> {
  const room = new CallsRoom(lab);
  try {
    const unreachable = [{ urls: 'turn:127.0.0.1:9?transport=udp', username: '1:x', credential: 'x' }];
    const [alice, bob] = await Promise.all([
      room.join('alice'),
      room.join('bob', kind === 'fallback' ? { iceServers: unreachable } : {}),
    ]);
    const policy = kind === 'p2p' ? 'all' : 'relay';
    await room.run(bob, 'autoAnswer', {
      statsIntervalMs: 250,
      iceTransportPolicy: kind === 'fallback' ? 'relay' : policy,
    });
    await room.run(alice, 'dial', {
      statsIntervalMs: 250,
      iceTransportPolicy: kind === 'fallback' ? 'all' : policy,
    });
    const frame = await alice.waitFor('first-frame', P2P_CONNECT_TIMEOUT_MS + 15_000);
    // The pair is read from the first stats sample that saw decoded frames (it may come just after).
    const q = await alice
      .waitFor('quality', 3_000, (d) => (d.framesDecoded as number) > 0)
      .catch(() => undefined);
    const events = await alice.events();
    const fallback = events.find((e) => e.type === 'fallback');
    const qd = q?.data as
      | { localCandidateType?: string; remoteCandidateType?: string; mode: string }
      | undefined;
    return {
      firstFrameMs: frame.t,
      ...(fallback ? { fallbackMs: fallback.t } : {}),
      ...(qd
        ? { candidate: qd.mode === 'sfu' ? 'sfu' : `${qd.localCandidateType}/${qd.remoteCandidateType}` }
        : {}),
    };
  } finally {
    await room.close();
  }
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)] ?? Number.NaN;
  return `median ${median.toFixed(0)} ms  min ${(s[0] ?? Number.NaN).toFixed(0)}  max ${(s[s.length - 1] ?? Number.NaN).toFixed(0)}  (n=${s.length})`;
}

const lab = await startCallsLab();
try {
  console.log(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (${RUNS} runs per case)`,
  );
  const rows: Array<[string, string, string]> = [];
  for (const kind of ['p2p', 'turn', 'fallback'] as const) {
    const runs = kind === 'fallback' ? Math.max(1, Math.ceil(RUNS / 2)) : RUNS;
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      try {
        samples.push(await once(lab, kind));
      } catch (err) {
        console.log(`${kind} run ${i + 1} failed: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    const target = kind === 'fallback' ? 10_000 : 1_500;
    rows.push([
      `call() → first frame, ${kind}`,
      stats(samples.map((s) => s.firstFrameMs)),
      `target ≤ ${target} ms; pairs: ${[...new Set(samples.map((s) => s.candidate ?? '?'))].join(', ')}`,
    ]);
    if (kind === 'fallback') {
      rows.push([
        'call() → fallback decision',
        stats(samples.flatMap((s) => (s.fallbackMs === undefined ? [] : [s.fallbackMs]))),
        `P2P budget ${P2P_CONNECT_TIMEOUT_MS} ms (ICE restart at half)`,
      ]);
    }
  }
  for (const [name, figure, note] of rows) console.log(`${name.padEnd(36)} ${figure.padEnd(48)} ${note}`);
  console.log(
    `load average at end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await lab.close();
}
