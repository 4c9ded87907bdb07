/** A bad command line: the component prints it and exits 2, as Kubernetes' components do. */
export class FlagError extends Error {}

export interface FlagSet {
  /** Flags that take a value. */
  values: ReadonlySet<string>;
  /** Boolean flags: `--name`, `--name=true|false` (never the next argument, as pflag). */
  booleans?: ReadonlySet<string>;
}

/** The flags given, by name, in pflag's forms: `--flag=value`, `--flag value`, and bare booleans. */
export function parseFlags(argv: readonly string[], set: FlagSet): Map<string, string> {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new FlagError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (set.booleans?.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : 'true';
      if (value !== 'true' && value !== 'false') throw new FlagError(`invalid value "${value}" for flag --${name}: must be true or false`);
      given.set(name, value);
      continue;
    }
    if (!set.values.has(name)) throw new FlagError(`unknown flag: --${name}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new FlagError(`flag needs an argument: --${name}`);
    given.set(name, value);
  }
  return given;
}

/** Typed reads of parsed flags, each error naming its flag. */
export class FlagValues {
  constructor(private readonly given: Map<string, string>) {}

  string(name: string, fallback: string): string {
    return this.given.get(name) ?? fallback;
  }

  optional(name: string): string | undefined {
    return this.given.get(name);
  }

  required(name: string): string {
    const v = this.given.get(name);
    if (!v) throw new FlagError(`--${name} is required`);
    return v;
  }

  boolean(name: string, fallback: boolean): boolean {
    const v = this.given.get(name);
    return v === undefined ? fallback : v === 'true';
  }

  integer(name: string, fallback: number, min = 0): number {
    const raw = this.given.get(name);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw) || Number(raw) < min) throw invalid(name, raw, `must be an integer ≥ ${min}`);
    return Number(raw);
  }

  /** A non-negative decimal (rates such as --node-eviction-rate). */
  decimal(name: string, fallback: number): number {
    const raw = this.given.get(name);
    if (raw === undefined) return fallback;
    if (!/^\d+(\.\d+)?$/.test(raw)) throw invalid(name, raw, 'must be a non-negative number');
    return Number(raw);
  }

  port(name: string, fallback: number): number {
    const port = this.integer(name, fallback);
    if (port > 65535) throw invalid(name, String(port), 'must be a port number 0-65535');
    return port;
  }

  /** Milliseconds of a Go duration ("10s", "1m30s", "500ms"). */
  duration(name: string, fallbackMs: number): number {
    const raw = this.given.get(name);
    if (raw === undefined) return fallbackMs;
    try {
      return parseDuration(raw);
    } catch {
      throw invalid(name, raw, 'must be a duration such as 10s, 1m30s or 500ms');
    }
  }
}

export function invalid(name: string, raw: string, why: string): FlagError {
  return new FlagError(`invalid value "${raw}" for flag --${name}: ${why}`);
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Milliseconds in a non-negative Go duration (time.ParseDuration's syntax); throws on anything it would refuse. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  if (text === '') throw new Error('invalid duration ""');
  let ms = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < text.length) {
    const match = TERM.exec(text);
    if (match === null) throw new Error(`invalid duration "${text}"`);
    ms += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return ms;
}
