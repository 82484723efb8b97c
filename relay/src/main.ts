import { parseArgs } from 'node:util';
import { createLogger } from './log.js';
import { createRelay } from './relay.js';

const HELP = `Usage: cryptalk-relay [options]

  --host <addr>   address to bind (default 127.0.0.1, env CRYPTALK_HOST)
  --port <n>      port to bind (default 8787, env CRYPTALK_PORT)
  -h, --help      show this help
`;

/**
 * The `cryptalk-relay` command: parses flags and environment, starts the relay, stops it on SIGINT/SIGTERM.
 * @param argv - arguments after the program name.
 */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { host: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const logger = createLogger();
  const host = values.host ?? process.env.CRYPTALK_HOST ?? '127.0.0.1';
  const port = Number(values.port ?? process.env.CRYPTALK_PORT ?? 8787);
  const relay = await createRelay({ host, port, logger });
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
