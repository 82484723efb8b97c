import type { CallMode } from '../call-state.js';
import type { CallQuality, CandidateType } from '../events.js';

/** Byte counters from the previous sample, to turn totals into bitrates. */
export interface QualityCounters {
  at: number;
  bytesIn: number;
  bytesOut: number;
}

type Stat = Record<string, unknown> & { type: string; id: string };

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function candidateType(v: unknown): CandidateType | undefined {
  return v === 'host' || v === 'srflx' || v === 'prflx' || v === 'relay' ? v : undefined;
}

/**
 * Turns one or more `getStats()` reports into a {@link CallQuality} sample: RTT and candidate types of the
 * selected pair, inbound loss, in/out bitrate since the previous sample and video frames decoded.
 * @param reports - the reports (one per peer connection or track).
 * @param mode - where media flows.
 * @param previous - counters of the previous sample, if any.
 * @returns the sample and the counters to pass next time.
 */
export function readQuality(
  reports: RTCStatsReport[],
  mode: CallMode,
  previous: QualityCounters | undefined,
  now: number,
): { quality: CallQuality; counters: QualityCounters } {
  let bytesIn = 0;
  let bytesOut = 0;
  let lost = 0;
  let received = 0;
  let framesDecoded = 0;
  let rttMs: number | undefined;
  let localCandidateType: CandidateType | undefined;
  let remoteCandidateType: CandidateType | undefined;
  for (const report of reports) {
    const byId = new Map<string, Stat>();
    report.forEach((s: Stat) => {
      byId.set(s.id, s);
    });
    let pair: Stat | undefined;
    for (const s of byId.values()) {
      if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') {
        pair = byId.get(s.selectedCandidatePairId) ?? pair;
      }
    }
    if (!pair) {
      for (const s of byId.values()) {
        if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated === true) pair = s;
      }
    }
    if (pair) {
      if (typeof pair.currentRoundTripTime === 'number') rttMs = pair.currentRoundTripTime * 1000;
      const local = byId.get(String(pair.localCandidateId));
      const remote = byId.get(String(pair.remoteCandidateId));
      localCandidateType = candidateType(local?.candidateType) ?? localCandidateType;
      remoteCandidateType = candidateType(remote?.candidateType) ?? remoteCandidateType;
    }
    for (const s of byId.values()) {
      if (s.type === 'inbound-rtp') {
        bytesIn += num(s.bytesReceived);
        lost += Math.max(0, num(s.packetsLost));
        received += num(s.packetsReceived);
        if (s.kind === 'video') framesDecoded += num(s.framesDecoded);
      } else if (s.type === 'outbound-rtp') {
        bytesOut += num(s.bytesSent);
      } else if (
        s.type === 'remote-inbound-rtp' &&
        rttMs === undefined &&
        typeof s.roundTripTime === 'number'
      ) {
        rttMs = s.roundTripTime * 1000;
      }
    }
  }
  const seconds = previous ? Math.max(0.001, (now - previous.at) / 1000) : 0;
  const quality: CallQuality = {
    mode,
    loss: lost + received > 0 ? lost / (lost + received) : 0,
    inboundKbps: previous ? Math.max(0, ((bytesIn - previous.bytesIn) * 8) / 1000 / seconds) : 0,
    outboundKbps: previous ? Math.max(0, ((bytesOut - previous.bytesOut) * 8) / 1000 / seconds) : 0,
    framesDecoded,
    ...(rttMs === undefined ? {} : { rttMs }),
    ...(localCandidateType ? { localCandidateType } : {}),
    ...(remoteCandidateType ? { remoteCandidateType } : {}),
  };
  return { quality, counters: { at: now, bytesIn, bytesOut } };
}
