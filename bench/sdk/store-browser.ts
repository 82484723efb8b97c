/**
 * Runs the browser half of the store benchmark: bundles `store-browser-entry.ts` with esbuild, serves it with
 * scripts/static-server.mjs on 127.0.0.1, and drives Debian Chromium with playwright-core.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium } from '../../test/helpers/browser.js';
import type { Figure } from './store-figures.js';

type StaticServer = { url: string; close(): Promise<void> };
type StartStaticServer = (mounts: Record<string, string>) => Promise<StaticServer>;

/** Runs the Dexie benchmark in Chromium and returns its figures. */
export async function benchBrowserStore(): Promise<Figure[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cryptalk-bench-web-'));
  const serverModule = new URL('../../scripts/static-server.mjs', import.meta.url).href;
  const { startStaticServer } = (await import(serverModule)) as { startStaticServer: StartStaticServer };
  let server: StaticServer | undefined;
  const browser = await launchChromium();
  try {
    await build({
      entryPoints: [fileURLToPath(new URL('./store-browser-entry.ts', import.meta.url))],
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
      '<!doctype html><html lang="en"><meta charset="utf-8"><title>store bench</title><script type="module" src="./bench.js"></script></html>',
    );
    server = await startStaticServer({ '/': dir });
    const page = await browser.newPage();
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => 'runStoreBench' in globalThis, undefined, { timeout: 15_000 });
    return await page.evaluate(() =>
      (globalThis as unknown as { runStoreBench: () => Promise<Figure[]> }).runStoreBench(),
    );
  } finally {
    await browser.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}
