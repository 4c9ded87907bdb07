// Fakes for the prober's unit tests: a clock whose timers run only when the test moves time,
// and an ExecSync runner whose answers the test scripts.
import type { ExecSyncRequest, ExecSyncResponse } from '@kubeling/proto/cri';
import type { Clock, TimerHandle } from './clock.js';
import type { ExecRunner } from './exec-probe.js';

/** Lets the promise chains started by a timer run to their end before time moves on. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(startMs = 1_700_000_000_000) {
    this.time = startMs;
  }

  now = (): number => this.time;

  setTimeout = (fn: () => void, ms: number): TimerHandle => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id;
  };

  clearTimeout = (handle: TimerHandle): void => {
    this.timers.delete(handle as number);
  };

  /** Moves time forward, firing the timers due on the way in order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (let due = this.nextDue(end); due; due = this.nextDue(end)) {
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
      await settle();
    }
    this.time = end;
    await settle();
  }

  private nextDue(end: number): [number, { at: number; fn: () => void }] | undefined {
    let next: [number, { at: number; fn: () => void }] | undefined;
    for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
    return next;
  }
}

export const exited = (exitCode: number, stdout = '', stderr = ''): ExecSyncResponse => ({ stdout: Buffer.from(stdout), stderr: Buffer.from(stderr), exitCode });

/** Answers ExecSync with `answer` (by default: exit 0), and records the calls. */
export class FakeExec implements ExecRunner {
  readonly calls: ExecSyncRequest[] = [];
  answer: (request: ExecSyncRequest) => Promise<ExecSyncResponse> | ExecSyncResponse = () => exited(0);

  async execSync(request: ExecSyncRequest): Promise<ExecSyncResponse> {
    this.calls.push(request);
    return this.answer(request);
  }

  /** The commands run, as "cmd arg" strings. */
  commands(): string[] {
    return this.calls.map((c) => c.cmd.join(' '));
  }
}
