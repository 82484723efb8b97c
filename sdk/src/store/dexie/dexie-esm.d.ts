/**
 * Types of Dexie's ES module build. `dexie`'s package entry for `import` is a wrapper around its UMD file,
 * which only bundlers that convert CommonJS can load (the test runner's dev server cannot); the store imports
 * `dexie/dist/dexie.mjs` directly and takes the types from the package.
 */
declare module 'dexie/dist/dexie.mjs' {
  export { Dexie, type Table, type Transaction } from 'dexie';
}
