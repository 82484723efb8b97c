// Lists the project's test files by kind, so each runner sees exactly its own.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const SKIP = new Set(['node_modules', 'dist', '.git', 'artifacts', 'storybook-static', '.cache']);

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/**
 * @param {string} root repository root
 * @param {'node' | 'browser' | 'e2e'} kind
 * @returns {string[]} paths relative to root, sorted
 */
export function testFiles(root, kind) {
  const dirs = ['sdk', 'widget', 'relay', 'marketplace', 'examples', 'test', 'scripts'];
  const all = dirs.flatMap((d) => {
    try {
      return walk(join(root, d), []);
    } catch {
      return [];
    }
  });
  const rel = all.map((p) => relative(root, p)).sort();
  if (kind === 'browser') return rel.filter((p) => p.endsWith('.browser.test.ts'));
  if (kind === 'e2e') return rel.filter((p) => p.endsWith('.e2e.test.ts'));
  return rel.filter((p) => /\.test\.(ts|mjs)$/.test(p) && !/\.(browser|e2e)\.test\.ts$/.test(p));
}
