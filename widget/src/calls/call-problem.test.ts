import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallError } from '@cryptalk/sdk/calls';
import { qualityLevel } from './call-handle.js';
import { callProblemFrom } from './call-problem.js';

test('media errors are classified by their DOMException name, through the SDK CallError cause', () => {
  const cases: Array<[string, string]> = [
    ['NotAllowedError', 'permission'],
    ['SecurityError', 'permission'],
    ['NotFoundError', 'no-device'],
    ['OverconstrainedError', 'no-device'],
    ['NotReadableError', 'device-busy'],
    ['TypeError', 'failed'],
  ];
  for (const [name, kind] of cases) {
    const dom = new DOMException('x', name);
    assert.equal(callProblemFrom(dom).kind, kind, `${name} directly`);
    assert.equal(callProblemFrom(CallError.media(dom)).kind, kind, `${name} inside CALL_MEDIA_FAILED`);
  }
  assert.equal(callProblemFrom(new DOMException('x', 'NotAllowedError'), true).kind, 'screen-share');
  assert.equal(callProblemFrom(undefined).kind, 'failed');
  // A camera that gives no colour video (a depth camera) is explained like a missing one.
  assert.equal(callProblemFrom(CallError.noUsableCamera(2)).kind, 'no-device');
});

test('quality levels from loss and round-trip time', () => {
  assert.equal(qualityLevel(0, 40), 'good');
  assert.equal(qualityLevel(0.05, 40), 'fair');
  assert.equal(qualityLevel(0, 300), 'fair');
  assert.equal(qualityLevel(0.2, undefined), 'poor');
  assert.equal(qualityLevel(0, 900), 'poor');
});
