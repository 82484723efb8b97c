// Serves the script-tag demo (examples/script-tag) with the widget's script-tag build at /dist/, and points
// the page's `relay` attribute at the given relay URL.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_RELAY = 'ws://127.0.0.1:8787';

/**
 * @param {{ port?: number, relayUrl?: string, example?: string }} [options]
 */
export function startDemo(options = {}) {
  const relayUrl = options.relayUrl ?? DEFAULT_RELAY;
  return startStaticServer(
    {
      '/': join(root, 'examples', options.example ?? 'script-tag'),
      '/dist/': join(root, 'widget/dist'),
    },
    { port: options.port ?? 0, html: (text) => text.replaceAll(DEFAULT_RELAY, relayUrl) },
  );
}
