export { FlagError, FlagValues, invalid, parseDuration, parseFlags, type FlagSet } from './flags.js';
export { createLogger } from './logger.js';
