/** Collects latencies (milliseconds) and answers percentiles by nearest rank. */
export class LatencyRecorder {
  private samples: number[] = [];
  private sorted = true;

  record(ms: number): void {
    this.samples.push(ms);
    this.sorted = false;
  }

  get count(): number {
    return this.samples.length;
  }

  /** The p-th percentile (0 < p <= 100), NaN when nothing was recorded. */
  percentile(p: number): number {
    if (this.samples.length === 0) return NaN;
    if (!this.sorted) {
      this.samples.sort((a, b) => a - b);
      this.sorted = true;
    }
    const rank = Math.ceil((p / 100) * this.samples.length);
    return this.samples[Math.min(this.samples.length, Math.max(1, rank)) - 1];
  }
}

/** Milliseconds on a monotonic high-resolution clock. */
export const nowMs = (): number => performance.now();
