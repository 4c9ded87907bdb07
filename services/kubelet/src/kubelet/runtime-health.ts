// The runtime's health as the kubelet tracks it (kubelet.go updateRuntimeUp, runtime.go
// runtimeState): the runtime's Status polled every few seconds; its errors make the node's
// Ready condition False with the kubelet's messages, and a network that is not ready holds
// back the pods.
import type { RuntimeCondition } from '@kubeling/proto/cri';
import type { Logger } from 'pino';
import type { RuntimeClient } from '../cri/runtime-client.js';
import { NODE_READY, type NodeReadiness } from '../node/node-conditions.js';

/** A runtime whose status has not been read for this long is down (baseRuntimeSyncThreshold). */
const RUNTIME_SYNC_THRESHOLD_MS = 30_000;

/** RuntimeCondition.String() of the kubelet's container package. */
const describe = (type: string, c: RuntimeCondition | undefined) =>
  c === undefined ? '<nil>' : `${type}=${c.status} reason:${c.reason} message:${c.message}`;

/** What the last status said, and when one last came. */
export interface RuntimeState {
  /** Epoch ms of the last status read (0: never). */
  lastSyncMs: number;
  runtimeError?: string;
  networkError?: string;
}

/** The errors the kubelet derives from a status (updateRuntimeUp). */
export function stateFromConditions(conditions: RuntimeCondition[], nowMs: number): RuntimeState {
  const find = (type: string) => conditions.find((c) => c.type === type);
  const network = find('NetworkReady');
  const runtime = find('RuntimeReady');
  return {
    lastSyncMs: nowMs,
    ...(network?.status ? {} : { networkError: `container runtime network not ready: ${describe('NetworkReady', network)}` }),
    ...(runtime?.status ? {} : { runtimeError: `container runtime not ready: ${describe('RuntimeReady', runtime)}` }),
  };
}

/** The node's readiness from the runtime's state (runtimeState.runtimeErrors and networkErrors, aggregated). */
export function readinessOf(state: RuntimeState, nowMs: number): NodeReadiness {
  const errors: string[] = [];
  if (state.lastSyncMs === 0) errors.push('container runtime status check may not have completed yet');
  else if (nowMs - state.lastSyncMs > RUNTIME_SYNC_THRESHOLD_MS) errors.push('container runtime is down');
  if (state.runtimeError) errors.push(state.runtimeError);
  if (state.networkError) errors.push(state.networkError);
  if (errors.length === 0) return NODE_READY;
  return { ready: false, message: errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]` };
}

export class RuntimeHealth {
  private state: RuntimeState = { lastSyncMs: 0 };
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly runtime: RuntimeClient,
    private readonly periodMs: number,
    private readonly log: Logger,
    /** Told whenever the readiness it derives changes. */
    private readonly onChange: (readiness: NodeReadiness) => void,
  ) {}

  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.periodMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  readiness(nowMs = Date.now()): NodeReadiness {
    return readinessOf(this.state, nowMs);
  }

  /** Pods need the runtime and its network ready before they get a sandbox. */
  networkReady(): boolean {
    return this.state.lastSyncMs > 0 && !this.state.runtimeError && !this.state.networkError;
  }

  /** Reads the status now (also after UpdateRuntimeConfig, so pods need not wait for the next poll). */
  async check(): Promise<void> {
    const before = JSON.stringify(this.readiness());
    try {
      const { status } = await this.runtime.status({ verbose: false });
      this.state = stateFromConditions(status?.conditions ?? [], Date.now());
    } catch (err) {
      this.log.warn({ err }, 'Container runtime sanity check failed');
    }
    const after = this.readiness();
    if (JSON.stringify(after) !== before) this.onChange(after);
  }
}
