import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RELAY_ERROR_CODES } from './errors.js';

test('every relay error code is in docs/errors.md "## Relay", and every documented one exists', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const start = doc.indexOf('## Relay (error frames)');
  assert.ok(start >= 0, 'docs/errors.md has no relay section');
  const rest = doc.slice(start + 1);
  const part = rest.slice(0, rest.search(/\n## /));
  const documented = new Set([...part.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]));
  assert.deepEqual([...documented].sort(), [...RELAY_ERROR_CODES].sort());
});
