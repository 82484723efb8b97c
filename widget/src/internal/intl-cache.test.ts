import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateTimeFormat, INTL_CACHE_MAX, numberFormat } from './intl-cache.js';

test('dateTimeFormat: one shared formatter per locale and options, formatting like a fresh one', () => {
  const opts = { hour: '2-digit', minute: '2-digit' } as const;
  const a = dateTimeFormat('de', opts);
  assert.equal(dateTimeFormat('de', { hour: '2-digit', minute: '2-digit' }), a, 'equal options share it');
  assert.notEqual(dateTimeFormat('ja', opts), a, 'another locale has its own');
  const at = Date.UTC(2024, 0, 2, 15, 4);
  assert.equal(a.format(at), new Intl.DateTimeFormat('de', opts).format(at));
  assert.equal(dateTimeFormat('', opts).format(at), new Intl.DateTimeFormat(undefined, opts).format(at));
});

test('numberFormat: shared per locale and options; the cache stays bounded', () => {
  const opts = { style: 'unit', unit: 'kilobyte', unitDisplay: 'short' } as const;
  assert.equal(numberFormat('en', opts), numberFormat('en', { ...opts }));
  assert.equal(numberFormat('en', opts).format(1.5), new Intl.NumberFormat('en', opts).format(1.5));
  const first = numberFormat('en', { maximumFractionDigits: 0 });
  for (let i = 1; i <= INTL_CACHE_MAX; i++)
    numberFormat('en', { maximumFractionDigits: i % 21, minimumIntegerDigits: 1 + (i % 5) });
  assert.notEqual(
    numberFormat('en', { maximumFractionDigits: 0 }),
    first,
    'the oldest was dropped past the bound',
  );
});
