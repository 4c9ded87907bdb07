import type { Clock, Ticker } from './clock.js';

interface FakeTicker {
  callback: () => void;
  period: number;
  /** When it fires next. */
  due: number;
}

/** A clock that only moves when a test steps it (k8s.io/utils/clock/testing's FakeClock). */
export class FakeClock implements Clock {
  private readonly tickers = new Set<FakeTicker>();

  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  setInterval(callback: () => void, ms: number): Ticker {
    const ticker = { callback, period: ms, due: this.time + ms };
    this.tickers.add(ticker);
    return { stop: () => this.tickers.delete(ticker) };
  }

  /** Advances the time by `ms`, firing each tick that falls due on the way at its own time, in order. */
  step(ms: number): void {
    const target = this.time + ms;
    for (let ticker = this.nextDue(target); ticker !== undefined; ticker = this.nextDue(target)) {
      this.time = ticker.due;
      ticker.due += ticker.period;
      ticker.callback();
    }
    this.time = target;
  }

  private nextDue(until: number): FakeTicker | undefined {
    let next: FakeTicker | undefined;
    for (const ticker of this.tickers) {
      if (ticker.due <= until && (next === undefined || ticker.due < next.due)) next = ticker;
    }
    return next;
  }
}
