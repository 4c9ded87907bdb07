import { pino, type Logger } from 'pino';

/** Structured JSON logs on stdout, one line per event, each naming its component. */
export function createLogger(component: string, level: string): Logger {
  return pino({ level, base: { component } });
}
