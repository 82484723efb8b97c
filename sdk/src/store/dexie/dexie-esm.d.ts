/**
 * Types of Dexie's ES module build. `dexie`'s package entry for `import` is a wrapper around its UMD file,
 * which only bundlers that convert CommonJS can load (the test runner's dev server cannot); the store imports
 * Dexie's ES module build for modern engines, `dexie/dist/modern/dexie.mjs` (1.3 KB gzip smaller than
 * `dist/dexie.mjs`), directly and takes the types from the package.
 */
declare module 'dexie/dist/modern/dexie.mjs' {
  export { Dexie, type Table, type Transaction } from 'dexie';
}
