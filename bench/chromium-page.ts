/**
 * Runs a benchmark's browser half in headless Chromium: bundles an entry module with esbuild (the sources'
 * `source` and `browser` conditions), serves it with scripts/static-server.mjs on 127.0.0.1 and drives Debian
 * Chromium with playwright-core. The entry sets a global function; its result is returned.
 *
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium } from '../test/helpers/browser.js';

type StaticServer = { url: string; close(): Promise<void> };
type StartStaticServer = (mounts: Record<string, string>) => Promise<StaticServer>;

/**
 * Bundles `entry`, opens it in a fresh Chromium page and awaits `globalThis[fn]()` there.
 *
 * @param entry - the entry module's URL (`new URL('./x-entry.ts', import.meta.url)`).
 * @param fn - the global function the entry defines.
 */
export async function runInChromium<T>(entry: URL, fn: string): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'cryptalk-bench-web-'));
  const serverModule = new URL('../scripts/static-server.mjs', import.meta.url).href;
  const { startStaticServer } = (await import(serverModule)) as { startStaticServer: StartStaticServer };
  let server: StaticServer | undefined;
  const browser = await launchChromium();
  try {
    await build({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
      conditions: ['source', 'browser'],
      outfile: join(dir, 'bench.js'),
      logLevel: 'silent',
    });
    await writeFile(
      join(dir, 'index.html'),
      '<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title><script type="module" src="./bench.js"></script></html>',
    );
    server = await startStaticServer({ '/': dir });
    const page = await browser.newPage();
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction((name) => name in globalThis, fn, { timeout: 15_000 });
    return (await page.evaluate(
      (name) => (globalThis as unknown as Record<string, () => Promise<unknown>>)[name]?.(),
      fn,
    )) as T;
  } finally {
    await browser.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
