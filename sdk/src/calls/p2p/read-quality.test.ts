import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readQuality } from './read-quality.js';

function report(entries: Record<string, unknown>[]): RTCStatsReport {
  return new Map(entries.map((e) => [e.id as string, e])) as unknown as RTCStatsReport;
}

test('selected pair, loss, bitrates and frames are read from a stats report', () => {
  const r1 = report([
    { id: 't', type: 'transport', selectedCandidatePairId: 'p' },
    {
      id: 'p',
      type: 'candidate-pair',
      localCandidateId: 'l',
      remoteCandidateId: 'r',
      currentRoundTripTime: 0.012,
    },
    { id: 'l', type: 'local-candidate', candidateType: 'relay' },
    { id: 'r', type: 'remote-candidate', candidateType: 'host' },
    {
      id: 'i',
      type: 'inbound-rtp',
      kind: 'video',
      bytesReceived: 1000,
      packetsLost: 1,
      packetsReceived: 99,
      framesDecoded: 30,
    },
    { id: 'o', type: 'outbound-rtp', kind: 'video', bytesSent: 2000 },
  ]);
  const first = readQuality([r1], 'p2p', undefined, 1000);
  assert.equal(first.quality.localCandidateType, 'relay');
  assert.equal(first.quality.remoteCandidateType, 'host');
  assert.equal(first.quality.rttMs, 12);
  assert.equal(first.quality.loss, 0.01);
  assert.equal(first.quality.framesDecoded, 30);
  assert.equal(first.quality.inboundKbps, 0);
  const r2 = report([
    {
      id: 'i',
      type: 'inbound-rtp',
      kind: 'video',
      bytesReceived: 126_000,
      packetsLost: 1,
      packetsReceived: 199,
      framesDecoded: 60,
    },
    { id: 'o', type: 'outbound-rtp', kind: 'video', bytesSent: 2000 },
  ]);
  const second = readQuality([r2], 'sfu', first.counters, 2000);
  assert.equal(second.quality.inboundKbps, 1000);
  assert.equal(second.quality.outboundKbps, 0);
  assert.equal(second.quality.localCandidateType, undefined);
  assert.equal(second.quality.mode, 'sfu');
});
