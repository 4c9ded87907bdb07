/**
 * Durations as kubectl shows them: ports of k8s.io/apimachinery/pkg/util/duration.
 * Go truncates float seconds to int and divides integers, so every step truncates.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Whole units of `unit` in `ms`, truncated toward zero as Go's integer division does. */
function whole(ms: number, unit: number): number {
  return Math.trunc(ms / unit);
}

/** `main` plus `rest` of the next unit, or just `main` when the rest is zero ("5m", "5m30s"). */
function withRest(main: string, rest: number, restUnit: string): string {
  return rest === 0 ? main : `${main}${rest}${restUnit}`;
}

/**
 * duration.HumanDuration: about two significant figures ("45s", "5m30s", "3h4m", "5d2h", "2y3d").
 * Up to two seconds in the future counts as now (clock skew); further is "<invalid>".
 */
export function humanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 10) return withRest(`${minutes}m`, seconds % 60, 's');
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 8) return withRest(`${hours}h`, minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return withRest(`${days}d`, hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return withRest(`${years}y`, days % 365, 'd');
  return `${years}y`;
}

/** duration.ShortHumanDuration: one unit only ("45s", "5m", "3h", "5d", "2y"). */
export function shortHumanDuration(ms: number): string {
  const seconds = whole(ms, SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = whole(ms, MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = whole(ms, HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** printers.go translateTimestampSince: the age of a timestamp at `now`, "<unknown>" when it is unset. */
export function timestampSince(timestamp: string | undefined | null, now: Date): string {
  if (!timestamp) return '<unknown>';
  const at = Date.parse(timestamp);
  if (Number.isNaN(at)) return '<unknown>';
  return humanDuration(now.getTime() - at);
}
