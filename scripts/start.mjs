#!/usr/bin/env node
// `npm start`: builds what is missing, starts the relay on 127.0.0.1:8787 with its embedded defaults and
// serves the script-tag demo page, then prints the URL. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo } from './demo-server.mjs';
import { ensureBuild } from './ensure-build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const relayPort = Number(process.env.CRYPTALK_PORT ?? 8787);
const demoPort = Number(process.env.CRYPTALK_DEMO_PORT ?? 8080);

ensureBuild();

const relay = spawn(
  process.execPath,
  [join(root, 'relay/bin/cryptalk-relay.js'), '--port', String(relayPort)],
  {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
relay.on('exit', (code) => {
  console.error(`relay exited with code ${code}`);
  process.exit(code ?? 1);
});

const demo = await startDemo({ port: demoPort, relayUrl: `ws://127.0.0.1:${relayPort}` });
console.log(`\nCrypTalk demo: ${demo.url}/  (relay ws://127.0.0.1:${relayPort})\n`);

const stop = () => {
  relay.removeAllListeners('exit');
  relay.kill('SIGTERM');
  demo.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
