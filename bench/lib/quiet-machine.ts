import { cpuSeconds, machineBusySeconds } from './proc-stats.js';
import { sleep } from './timers.js';

/** Cores the machine spent busy over `sampleMs`, apart from this process and the given ones. */
export async function othersCpuCores(pids: number[], sampleMs: number): Promise<number> {
  const own = (): number => {
    const self = process.cpuUsage();
    return pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) + (self.user + self.system) / 1e6;
  };
  const before = { machine: machineBusySeconds(), own: own() };
  await sleep(sampleMs);
  return Math.max(0, machineBusySeconds() - before.machine - (own() - before.own)) / (sampleMs / 1000);
}

/**
 * Waits, within what is left of a time budget shared by the whole run, until other processes
 * use at most `maxCores`: a shared machine is measured in its quiet moments.
 */
export class QuietMachine {
  constructor(
    private budgetMs: number,
    private readonly maxCores: number,
    private readonly log: (line: string) => void,
  ) {}

  get exhausted(): boolean {
    return this.budgetMs <= 0;
  }

  async wait(pids: number[]): Promise<void> {
    const sampleMs = 500;
    let announced = false;
    while (this.budgetMs > 0) {
      const others = await othersCpuCores(pids, sampleMs);
      if (others <= this.maxCores) return;
      this.budgetMs -= sampleMs;
      if (!announced) this.log(`  waiting for a quiet machine: other processes use ${others.toFixed(2)} cores`);
      announced = true;
    }
    if (announced) this.log('  quiet-wait budget spent: measuring anyway');
  }
}
