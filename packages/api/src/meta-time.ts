// The two timestamp formats of the Kubernetes API, as Go's apimachinery marshals them.

/** metav1.Time: RFC 3339 to the second ("2026-12-02T14:00:00Z"). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** metav1.MicroTime: RFC 3339 with six fractional digits ("2026-12-02T14:00:00.000000Z"), as leases carry. */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
