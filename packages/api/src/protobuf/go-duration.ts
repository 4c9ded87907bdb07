// Go's time.Duration string form, which metav1.Duration uses as its JSON ("1h0m0s", "1.5s", "300ms").

const UNITS_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Formats nanoseconds as Go's Duration.String() does. */
export function formatGoDuration(nanoseconds: bigint): string {
  if (nanoseconds === 0n) return '0s';
  const sign = nanoseconds < 0n ? '-' : '';
  const ns = nanoseconds < 0n ? -nanoseconds : nanoseconds;
  if (ns < UNITS_NS.us) return `${sign}${ns}ns`;
  if (ns < UNITS_NS.ms) return `${sign}${decimal(ns, UNITS_NS.us)}µs`;
  if (ns < UNITS_NS.s) return `${sign}${decimal(ns, UNITS_NS.ms)}ms`;
  const hours = ns / UNITS_NS.h;
  const minutes = (ns % UNITS_NS.h) / UNITS_NS.m;
  const seconds = decimal(ns % UNITS_NS.m, UNITS_NS.s);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** Parses Go's duration syntax (time.ParseDuration) into nanoseconds; undefined if it is not one. */
export function parseGoDuration(text: string): bigint | undefined {
  if (text === '0') return 0n;
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!match) return undefined;
  let total = 0n;
  for (const [, whole, fraction = '', unit] of text.matchAll(/(\d*)(?:\.(\d*))?(ns|us|µs|ms|s|m|h)/g)) {
    const scale = UNITS_NS[unit];
    total += BigInt(whole || '0') * scale + (BigInt(fraction || '0') * scale) / 10n ** BigInt(fraction.length);
  }
  return match[1] === '-' ? -total : total;
}

/** `value / unit` as a decimal with trailing zeros trimmed: 1500n, 1000n → "1.5". */
function decimal(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const digits = unit.toString().length - 1;
  const fraction = (value % unit).toString().padStart(digits, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}
