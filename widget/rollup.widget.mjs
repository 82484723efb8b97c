// Rollup configs of the widget's script-tag build: the tiny IIFE loader and the chat core as a separate ESM
// file beside it (loaded with `import()` on first open). Used by widget/scripts/build.mjs and meant to be
// spread into the root rollup.config.mjs:
//   import { widgetScriptTagConfigs } from './widget/rollup.widget.mjs';
//   export default [..., ...widgetScriptTagConfigs({ sizes: sizes() })];   // replacing the loader entry
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

/** Output folder and file names (the loader resolves the core's URL relative to its own). */
export const WIDGET_DIST = 'widget/dist';
export const LOADER_FILE = 'cryptalk.js';
export const CORE_FILE = 'cryptalk-core.js';

/** Size budgets in bytes of gzip (level 9), checked by widget/src/bundle-size.test.ts. */
export const BUDGETS = { [LOADER_FILE]: 6 * 1024, [CORE_FILE]: 90 * 1024 };

const plugins = (extra = []) => [
  nodeResolve({ exportConditions: ['source', 'browser'], extensions: ['.ts', '.js', '.mjs'] }),
  esbuild({ target: 'es2022', tsconfig: 'tsconfig.base.json', sourceMap: true }),
  terser({ format: { comments: false }, ecma: 2020, module: true }),
  ...extra,
];

const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some((id) => id.includes('node_modules')))
    return;
  warn(warning);
};

/**
 * @param {{ root?: string, extraPlugins?: import('rollup').Plugin[] }} [options]
 * @returns {import('rollup').RollupOptions[]}
 */
export function widgetScriptTagConfigs(options = {}) {
  const root = options.root ? `${options.root}/` : '';
  return [
    {
      input: `${root}widget/src/loader.ts`,
      onwarn,
      plugins: plugins(options.extraPlugins),
      output: {
        file: `${root}${WIDGET_DIST}/${LOADER_FILE}`,
        format: 'iife',
        name: 'CrypTalkWidget',
        sourcemap: true,
      },
    },
    {
      input: `${root}widget/src/core.ts`,
      onwarn,
      plugins: plugins(options.extraPlugins),
      output: {
        file: `${root}${WIDGET_DIST}/${CORE_FILE}`,
        format: 'es',
        sourcemap: true,
        inlineDynamicImports: true,
      },
    },
  ];
}
