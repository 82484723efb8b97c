import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as labels from './labels.js';

const SDK_SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

test('every domain-separation label is defined once, in crypto/labels.ts, and no two are equal', () => {
  const values: unknown[] = Object.values(labels).filter((v) => typeof v === 'string');
  assert.equal(new Set(values).size, values.length, 'labels are distinct');
  const strays: string[] = [];
  for (const file of sources(SDK_SRC)) {
    if (file.endsWith(join('crypto', 'labels.ts'))) continue;
    // String literals in code (not in comments) that look like a CrypTalk label.
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const m of code.matchAll(/(['"`])(CrypTalk[ _](?:v\d|attachment)[^'"`]*)\1/g)) {
      strays.push(`${relative(SDK_SRC, file)}: ${m[2]}`);
    }
  }
  assert.deepEqual(strays, [], 'labels outside crypto/labels.ts');
});
