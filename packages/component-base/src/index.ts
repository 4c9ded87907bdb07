export { FlagError, FlagValues, invalid, parseDuration, parseFlags, type FlagSet } from './flags.js';
export { createLogger } from './logger.js';
export { LEADER_ELECTION_BOOLEANS, LEADER_ELECTION_VALUES, leaderElectionFlags, type LeaderElectionFlags } from './leader-election-flags.js';
