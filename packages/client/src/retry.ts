import { status as GrpcStatus } from '@grpc/grpc-js';
import { ApiClientError } from './api-error.js';

export interface RetryPolicy {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, initialDelayMs: 100, maxDelayMs: 3200 };

/** Transient: the server was unreachable or overloaded (429); anything else is the answer. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof ApiClientError)) return false;
  return err.grpcCode === GrpcStatus.UNAVAILABLE || err.grpcCode === GrpcStatus.DEADLINE_EXCEEDED || err.code === 429;
}

/**
 * Exponential backoff with jitter: each delay is drawn from the upper half of a step that
 * doubles from `initialMs` up to `maxMs`, so clients that failed together retry apart.
 */
export class Backoff {
  private step: number;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {
    this.step = initialMs;
  }

  next(): number {
    const delay = this.step / 2 + Math.random() * (this.step / 2);
    this.step = Math.min(this.step * 2, this.maxMs);
    return delay;
  }

  reset(): void {
    this.step = this.initialMs;
  }
}

/** Runs `call` until it succeeds or fails for good, backing off exponentially with jitter. */
export async function withRetries<T>(policy: RetryPolicy, call: (attempt: number) => Promise<T>, onTransient?: (err: unknown) => void): Promise<T> {
  const backoff = new Backoff(policy.initialDelayMs, policy.maxDelayMs);
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(attempt);
    } catch (err) {
      if (!isTransient(err) || attempt + 1 >= policy.attempts) throw err;
      onTransient?.(err);
      await new Promise((resolve) => setTimeout(resolve, backoff.next()));
    }
  }
}
