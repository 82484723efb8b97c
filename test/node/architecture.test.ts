import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/processes.js';

// The dependency rules of ARCHITECTURE.md, checked on every import specifier of the source trees:
//   widget → sdk; relay → sdk/protocol and the auth verifier of sdk/crypto only;
//   sdk/crypto and sdk/protocol import nothing else of the project; nothing imports widget or relay.

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.ts$/.test(e.name) && !/\.test\.ts$|\.behavior\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Each import of a file as a path relative to the root (for relative imports) or the bare specifier. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2]!;
    found.push(spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : spec);
  }
  return found;
}

function violations(dir: string, allowed: (spec: string) => boolean): string[] {
  return sources(dir).flatMap((f) =>
    imports(f)
      .filter((s) => !allowed(s))
      .map((s) => `${f} imports ${s}`),
  );
}

const isProject = (s: string) => s.startsWith('@cryptalk/') || /^(sdk|widget|relay|marketplace)\//.test(s);

test('sdk/src/protocol imports nothing else of the project', () => {
  assert.deepEqual(
    violations('sdk/src/protocol', (s) => !isProject(s) || s.startsWith('sdk/src/protocol')),
    [],
  );
});

test('sdk/src/crypto imports nothing else of the project', () => {
  assert.deepEqual(
    violations('sdk/src/crypto', (s) => !isProject(s) || s.startsWith('sdk/src/crypto')),
    [],
  );
});

test('the relay imports only the protocol and the auth verifier of the SDK, and nothing of the widget', () => {
  const allowed = (s: string) =>
    !isProject(s) || s.startsWith('relay/') || s === '@cryptalk/sdk/protocol' || s === '@cryptalk/sdk/auth';
  assert.deepEqual(violations('relay/src', allowed), []);
});

test('the SDK never imports the widget or the relay', () => {
  const allowed = (s: string) => !/^(@cryptalk\/(widget|relay)|widget\/|relay\/)/.test(s);
  assert.deepEqual(violations('sdk/src', allowed), []);
});

test('the checker sees imports at all (guards against a regex that matches nothing)', () => {
  assert.ok(imports('relay/src/relay.ts').includes('@cryptalk/sdk/protocol'));
  assert.ok(imports('sdk/src/client.ts').some((s) => s.startsWith('sdk/src/protocol')));
});
