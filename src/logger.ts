import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

/** JSON lines for machines; readable lines when a person watches the terminal. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } } : {}),
  });
}
