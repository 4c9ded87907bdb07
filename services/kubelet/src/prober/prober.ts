// prober.go: runs a container's probe of one type with the handler its spec names and turns
// the outcome into the result the worker counts and the event the kubelet records.
import type { Container, Probe } from 'kubernetes-types/core/v1.js';
import type { Clock } from './clock.js';
import { resolveContainerPort } from './container-port.js';
import { execProbe, type ExecRunner } from './exec-probe.js';
import { expandCommand } from './expand-command.js';
import { httpGetRequest } from './http-get-request.js';
import { httpProbe } from './http-probe.js';
import { unknown, type ProbeOutput } from './probe-result.js';
import { probeTypeLabel, type ProbeType } from './probe-type.js';
import { tcpProbe } from './tcp-probe.js';

/** Attempts of a probe that errored (could not run) before its result is thrown away. */
const MAX_PROBE_RETRIES = 3;

/** The container a probe runs against, as the worker last saw it. */
export interface ProbeTarget {
  container: Container;
  containerId: string;
  podIP: string;
}

/** An event for the container, as the kubelet records it (reason Unhealthy or ProbeWarning). */
export interface ProbeEvent {
  type: 'Warning';
  reason: 'Unhealthy' | 'ProbeWarning';
  message: string;
}

/** results.Result: Unknown is the startup probe's value before any probe ran. */
export type Result = 'Success' | 'Failure' | 'Unknown';

export interface ProbeVerdict {
  result: Result;
  /** The probe could not be run: the worker throws the result away. */
  errored: boolean;
  event?: ProbeEvent;
}

export class GrpcProbeUnsupportedError extends Error {
  override readonly name = 'GrpcProbeUnsupportedError';
  constructor() {
    super('gRPC probes are not supported by this kubelet');
  }
}

export class Prober {
  constructor(
    private readonly exec: ExecRunner,
    private readonly clock: Clock,
  ) {}

  async probe(type: ProbeType, probe: Probe, timeoutSeconds: number, target: ProbeTarget): Promise<ProbeVerdict> {
    const { result, output, error } = await this.runWithRetries(probe, timeoutSeconds, target);
    const label = probeTypeLabel(type);
    if (error) return { result: 'Failure', errored: true, event: unhealthy(`${label} probe errored: ${error.message}`) };
    if (result === 'Warning') return { result: 'Success', errored: false, event: { type: 'Warning', reason: 'ProbeWarning', message: `${label} probe warning: ${output}` } };
    if (result !== 'Success') return { result: 'Failure', errored: false, event: unhealthy(`${label} probe failed: ${output}`) };
    return { result: 'Success', errored: false };
  }

  private async runWithRetries(probe: Probe, timeoutSeconds: number, target: ProbeTarget): Promise<ProbeOutput> {
    let output!: ProbeOutput;
    for (let attempt = 0; attempt < MAX_PROBE_RETRIES; attempt++) {
      output = await this.run(probe, timeoutSeconds, target);
      if (!output.error) break;
    }
    return output;
  }

  private async run(probe: Probe, timeoutSeconds: number, { container, containerId, podIP }: ProbeTarget): Promise<ProbeOutput> {
    try {
      if (probe.exec) return await execProbe(this.exec, this.clock, containerId, expandCommand(probe.exec.command ?? [], container), timeoutSeconds);
      if (probe.httpGet) return await httpProbe(httpGetRequest(probe.httpGet, container, podIP), timeoutSeconds * 1000);
      if (probe.tcpSocket) return await tcpProbe(probe.tcpSocket.host || podIP, resolveContainerPort(probe.tcpSocket.port, container), timeoutSeconds * 1000);
      if (probe.grpc) return unknown(new GrpcProbeUnsupportedError());
      return unknown(new Error(`missing probe handler for container ${container.name}`));
    } catch (err) {
      return unknown(err instanceof Error ? err : new Error(String(err)));
    }
  }
}

const unhealthy = (message: string): ProbeEvent => ({ type: 'Warning', reason: 'Unhealthy', message });
