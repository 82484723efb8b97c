#!/usr/bin/env node
// `npm run bench`: runs every benchmark under bench/ (bench/<area>/index.ts), one after another, and prints
// their figures. Benchmarks print figures and ratios; they are never pass/fail tests. Pass area names to
// run only those (e.g. `npm run bench -- crypto`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const areas = readdirSync(join(root, 'bench'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'bench', d.name, 'index.ts')))
  .map((d) => d.name)
  .filter((a) => only.length === 0 || only.includes(a))
  .sort();
if (areas.length === 0) {
  console.log('no benchmarks found under bench/');
  process.exit(0);
}
let failed = 0;
for (const area of areas) {
  console.log(`\n### bench/${area}\n`);
  const r = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join('bench', area, 'index.ts')],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, CRYPTALK_LOG: 'silent' },
    },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
