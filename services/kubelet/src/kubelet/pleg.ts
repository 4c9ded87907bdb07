// The pod lifecycle event generator (pleg/generic.go), reduced to what the kubelet acts on:
// relist the runtime every second and wake the worker of each pod whose sandboxes or
// containers changed state, so an exit is handled within a second, not at the next resync.
import type { Logger } from 'pino';
import type { RuntimeClient } from '../cri/runtime-client.js';
import { listRuntime, podUidOf, type RuntimeListing } from './runtime-pods.js';

/** Each pod's sandboxes and containers with their states, as one comparable string per pod uid. */
export function podFingerprints(listing: RuntimeListing): Map<string, string> {
  const parts = new Map<string, string[]>();
  const add = (uid: string, part: string) => {
    if (!uid) return;
    const list = parts.get(uid) ?? [];
    list.push(part);
    parts.set(uid, list);
  };
  for (const s of listing.sandboxes) add(podUidOf(s), `s:${s.id}:${s.state}`);
  for (const c of listing.containers) add(podUidOf(c), `c:${c.id}:${c.state}`);
  return new Map([...parts].map(([uid, list]) => [uid, list.sort().join(',')]));
}

export class Pleg {
  private previous = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private relisting?: Promise<void>;
  private lastRelistOk = 0;

  constructor(
    private readonly runtime: RuntimeClient,
    private readonly periodMs: number,
    private readonly onPodChanged: (uid: string) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.relisting ??= this.relist().finally(() => (this.relisting = undefined));
    }, this.periodMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.relisting;
  }

  /** Milliseconds since the last relist that succeeded (the PLEG health check's input). */
  sinceLastRelistMs(nowMs = Date.now()): number {
    return nowMs - this.lastRelistOk;
  }

  private async relist(): Promise<void> {
    let current: Map<string, string>;
    try {
      current = podFingerprints(await listRuntime(this.runtime));
    } catch (err) {
      this.log.debug({ err }, 'relisting the runtime failed');
      return;
    }
    this.lastRelistOk = Date.now();
    for (const uid of new Set([...current.keys(), ...this.previous.keys()])) if (current.get(uid) !== this.previous.get(uid)) this.onPodChanged(uid);
    this.previous = current;
  }
}
