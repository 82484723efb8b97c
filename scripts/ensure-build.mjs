// Builds with rollup when an output the tests need is missing (or CRYPTALK_REBUILD=1).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUTS = [
  'widget/dist/cryptalk.js',
  'relay/dist/main.js',
  'relay/dist/index.js',
  'sdk/dist/protocol.js',
];

/** Runs the build when needed; exits the process if the build fails. */
export function ensureBuild() {
  if (process.env.CRYPTALK_REBUILD !== '1' && OUTPUTS.every((f) => existsSync(join(root, f)))) return;
  console.log('Building…');
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
