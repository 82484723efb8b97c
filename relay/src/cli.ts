/**
 * Runs the CLI from source (`node --conditions=source --import tsx relay/src/cli.ts`), as tests do without a
 * build. The published bin runs `dist/main.js` the same way.
 */
import { main } from './main.js';

// Benchmarks start this entry with --expose-gc and ask for a collection before measuring memory.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  process.on('SIGUSR2', () => {
    gc();
    const m = process.memoryUsage();
    process.stdout.write(`memory ${JSON.stringify({ rss: m.rss, js: m.heapUsed + m.external })}\n`);
  });
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`cryptalk-relay: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
