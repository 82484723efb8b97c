// Builds every package's distributable output and prints the gzip size of each file.
//   widget/dist/cryptalk.js   script-tag bundle (IIFE, minified, source map)
//   widget/dist/*.js          ESM build for bundler users (lit and the SDK external) + .d.ts
//   sdk/dist/*.js             ESM build, one file per public entry point + .d.ts
//   relay/dist/*.js           the relay, run by the `cryptalk-relay` bin
import { builtinModules } from 'node:module';
import { gzipSync } from 'node:zlib';
import nodeResolve from '@rollup/plugin-node-resolve';
import { dts } from 'rollup-plugin-dts';
import esbuild from 'rollup-plugin-esbuild';
import { widgetScriptTagConfigs } from './widget/rollup.widget.mjs';

const ts = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json', sourceMap: true });
// Inside the monorepo, workspace packages resolve to their TypeScript sources ("source" export condition).
const resolve = (browser) =>
  nodeResolve({
    exportConditions: ['source', browser ? 'browser' : 'node'],
    extensions: ['.ts', '.js', '.mjs'],
  });

/** Every bare import stays external for ESM builds: they are dependencies of the published package. */
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Prints `path  raw KB  gzip KB` for every chunk written. */
const sizes = () => ({
  name: 'cryptalk-sizes',
  writeBundle(options, bundle) {
    for (const [file, out] of Object.entries(bundle)) {
      if (out.type !== 'chunk') continue;
      const raw = Buffer.byteLength(out.code);
      const gz = gzipSync(out.code, { level: 9 }).length;
      const dir = options.dir ?? options.file.replace(/\/[^/]+$/, '');
      process.stdout.write(
        `${`${dir}/${file}`.padEnd(40)} ${(raw / 1024).toFixed(1).padStart(8)} KB ${(gz / 1024).toFixed(1).padStart(8)} KB gzip\n`,
      );
    }
  },
});

const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some((id) => id.includes('node_modules')))
    return;
  warn(warning);
};

/** One output file per public entry point of `@cryptalk/sdk` (its package.json `exports`). */
const SDK_ENTRIES = {
  index: 'sdk/src/index.ts',
  protocol: 'sdk/src/protocol/index.ts',
  auth: 'sdk/src/crypto/auth/index.ts',
  calls: 'sdk/src/calls/index.ts',
  escrow: 'sdk/src/escrow/index.ts',
  store: 'sdk/src/store/index.ts',
  'store-dexie': 'sdk/src/store/dexie/index.ts',
  'store-node': 'sdk/src/store/node/index.ts',
  remote: 'sdk/src/remote/index.ts',
  messages: 'sdk/src/messages/index.ts',
  attachments: 'sdk/src/attachments/index.ts',
  outbox: 'sdk/src/outbox/index.ts',
};

export default [
  {
    input: SDK_ENTRIES,
    external,
    onwarn,
    plugins: [resolve(true), ts(), sizes()],
    output: { dir: 'sdk/dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
  },
  {
    input: SDK_ENTRIES,
    external,
    plugins: [dts({ tsconfig: 'sdk/tsconfig.json' })],
    output: { dir: 'sdk/dist', format: 'es', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
  },
  ...widgetScriptTagConfigs({ extraPlugins: [sizes()] }),

  {
    input: { index: 'widget/src/index.ts', define: 'widget/src/define.ts' },
    external,
    onwarn,
    plugins: [resolve(true), ts(), sizes()],
    output: { dir: 'widget/dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
  },
  {
    input: { index: 'widget/src/index.ts', define: 'widget/src/define.ts' },
    external,
    plugins: [dts({ tsconfig: 'widget/tsconfig.json' })],
    output: { dir: 'widget/dist', format: 'es', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
  },
  {
    input: { index: 'relay/src/index.ts', main: 'relay/src/main.ts' },
    external: (id) => nodeBuiltins.has(id) || external(id),
    onwarn,
    plugins: [resolve(false), ts(), sizes()],
    output: { dir: 'relay/dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
  },
  {
    input: { index: 'relay/src/index.ts' },
    external,
    plugins: [dts({ tsconfig: 'relay/tsconfig.json' })],
    output: { dir: 'relay/dist', format: 'es' },
  },
];
