import { helpText, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { resolveRelayOptions } from './options.js';
import { createRelay } from './relay.js';

/**
 * The `cryptalk-relay` command: reads flags, environment and a config file, starts the relay, and shuts it down
 * gracefully on SIGINT/SIGTERM.
 * @param argv - arguments after the program name.
 * @throws RelayError `RELAY_CONFIG_INVALID` for a bad option (the bin prints its message and exits 1).
 */
export async function main(argv: string[]): Promise<void> {
  const cli = loadConfig(argv);
  if (cli.help) {
    process.stdout.write(helpText());
    return;
  }
  const logger = createLogger(cli.logLevel);
  const options = { ...cli.options, logger };
  if (options.store === undefined && options.dataDir === undefined) {
    // The CLI's default is the embedded store, on disk.
    options.dataDir = './cryptalk-data';
  }
  resolveRelayOptions(options);
  const relay = await createRelay(options);
  process.stdout.write(`cryptalk-relay listening on ${relay.url}\n`);
  const stop = (): void => {
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
