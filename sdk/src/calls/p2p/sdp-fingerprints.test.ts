import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseFingerprint, sdpFingerprints } from './sdp-fingerprints.js';

test('fingerprints are read from every media section, normalised and deduplicated', () => {
  const sdp = [
    'v=0',
    'a=fingerprint:sha-256 ab:CD:01',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'a=fingerprint:SHA-256 AB:cd:01',
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'a=fingerprint:sha-384 00:11\r',
    'a=fingerprint:broken',
  ].join('\n');
  assert.deepEqual(sdpFingerprints(sdp), ['sha-256 AB:CD:01', 'sha-384 00:11']);
  assert.equal(normaliseFingerprint('SHA-256', 'ab:cd:01'), 'sha-256 AB:CD:01');
  assert.deepEqual(sdpFingerprints('v=0\n'), []);
});
