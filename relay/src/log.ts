import pino, { type Logger } from 'pino';

/**
 * The relay's structured logger. Only aggregate facts go here: never room ids, keys, IP addresses or payloads.
 * @param level - pino level; `silent` in tests unless `CRYPTALK_LOG` says otherwise.
 */
export function createLogger(level: string = process.env.CRYPTALK_LOG ?? 'info'): Logger {
  return pino({ level, base: { svc: 'cryptalk-relay' } });
}

export type { Logger };
