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

/** Runs `call` until it succeeds or fails for good, backing off exponentially with jitter. */
export async function withRetries<T>(policy: RetryPolicy, call: (attempt: number) => Promise<T>, onTransient?: (err: unknown) => void): Promise<T> {
  let delay = policy.initialDelayMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(attempt);
    } catch (err) {
      if (!isTransient(err) || attempt + 1 >= policy.attempts) throw err;
      onTransient?.(err);
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
