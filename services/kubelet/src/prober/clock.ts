// The time source of probe workers: injectable so their schedule runs on a fake clock in tests.

export type TimerHandle = unknown;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Resolves after `ms` on the clock, or at once when `cancel` is called. */
export function sleep(clock: Clock, ms: number): { done: Promise<void>; cancel: () => void } {
  let cancel!: () => void;
  const done = new Promise<void>((resolve) => {
    const handle = clock.setTimeout(resolve, ms);
    cancel = () => {
      clock.clearTimeout(handle);
      resolve();
    };
  });
  return { done, cancel };
}
