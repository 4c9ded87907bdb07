/** A repeating timer, stopped with stop(). */
export interface Ticker {
  stop(): void;
}

/** Time as the queue sees it, injected so tests can drive it (k8s.io/utils/clock). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` every `ms` milliseconds until the ticker is stopped. */
  setInterval(callback: () => void, ms: number): Ticker;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setInterval(callback, ms) {
    const timer = setInterval(callback, ms);
    // The queue's housekeeping alone must not keep a process alive.
    timer.unref();
    return { stop: () => clearInterval(timer) };
  },
};
