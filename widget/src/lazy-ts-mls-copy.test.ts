/**
 * The script-tag build gives the HPKE chunk its own copy of ts-mls (`lazyTsMlsCopy` in widget/rollup.widget.mjs):
 * the first open and that chunk each run their own instance of the modules they share. That is only safe while
 * ts-mls keeps no state in its modules and nothing tells its two copies' objects apart. These checks read
 * ts-mls's build and the SDK's sources, so an upgrade of ts-mls (or a change in the SDK) that breaks either
 * condition fails here rather than in a browser.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as mlsErrors from 'ts-mls/mlsError.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const TS_MLS = dirname(createRequire(import.meta.url).resolve('ts-mls'));

/** Every `.js` file under `dir`, or `.ts` file that is not a test, as full paths. */
const sources = (dir: string, ext: '.js' | '.ts'): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext) && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f));

/** Lines of `files` that match `pattern`, as `file:line: text`. */
function matches(files: string[], pattern: RegExp, base: string): string[] {
  const out: string[] = [];
  for (const f of files) {
    readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (pattern.test(line)) out.push(`${relative(base, f)}:${i + 1}: ${line.trim()}`);
      });
  }
  return out;
}

test("ts-mls keeps no module state that two copies of it would split (the HPKE chunk's own copy)", () => {
  const files = sources(TS_MLS, '.js');
  assert.ok(files.length > 50, `ts-mls's modules found in ${TS_MLS}`);
  // a variable at module level that can change, or a collection kept there: each copy would have its own
  assert.deepEqual(matches(files, /^(export )?(let|var) /, TS_MLS), [], 'no `let` or `var` at module level');
  assert.deepEqual(
    matches(files, /^(export )?const \w+ = new (Map|Set|WeakMap|WeakSet)\b/, TS_MLS),
    [],
    'no collection at module level',
  );
  // a unique symbol or a class other than its errors: each copy would make its own, and objects from one copy
  // would not be recognised by the other
  assert.deepEqual(matches(files, /\bSymbol\(/, TS_MLS), [], 'no Symbol()');
  assert.deepEqual(
    matches(files, /^(export )?class /, TS_MLS).filter((l) => !l.startsWith('mlsError.js:')),
    [],
    'no class besides the errors of mlsError.js',
  );
});

test("the SDK imports none of ts-mls's error classes (each copy throws its own, so instanceof would not hold)", () => {
  const errors = new Set(Object.keys(mlsErrors)); // MlsError and every class derived from it
  const imported: string[] = [];
  for (const f of sources(join(ROOT, 'sdk/src'), '.ts')) {
    for (const m of readFileSync(f, 'utf8').matchAll(
      /import\s+(type\s+)?\{([^}]*)\}\s+from\s+'ts-mls[^']*'/g,
    )) {
      if (m[1]) continue; // types only
      for (const part of (m[2] ?? '').split(',')) {
        const name = part
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)[0]
          ?.trim();
        if (name && !/^type\s/.test(part.trim()) && errors.has(name))
          imported.push(`${relative(ROOT, f)}: ${name}`);
      }
    }
  }
  assert.deepEqual(imported, []);
});
