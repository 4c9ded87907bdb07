// The three probes of a container, and the spec values a worker runs one with once the
// API defaults (SetDefaults_Probe) are applied.
import type { Container, Probe } from 'kubernetes-types/core/v1.js';

export type ProbeType = 'liveness' | 'readiness' | 'startup';

export const PROBE_TYPES: readonly ProbeType[] = ['liveness', 'readiness', 'startup'];

/** probeType.String() as it starts event messages: "Liveness probe failed: ...". */
export const probeTypeLabel = (type: ProbeType): string => type.charAt(0).toUpperCase() + type.slice(1);

export function probeOf(container: Container, type: ProbeType): Probe | undefined {
  if (type === 'liveness') return container.livenessProbe;
  if (type === 'readiness') return container.readinessProbe;
  return container.startupProbe;
}

export interface ProbeTiming {
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

const orDefault = (value: number | undefined, fallback: number) => (value !== undefined && value > 0 ? value : fallback);

/**
 * A probe's timing with Kubernetes' defaults for unset fields (pods from static manifests
 * skip the apiserver's defaulting). Validation requires successThreshold 1 for liveness and
 * startup probes; anything else is taken as 1 here.
 */
export function probeTiming(probe: Probe, type: ProbeType): ProbeTiming {
  return {
    initialDelaySeconds: Math.max(0, probe.initialDelaySeconds ?? 0),
    periodSeconds: orDefault(probe.periodSeconds, 10),
    timeoutSeconds: orDefault(probe.timeoutSeconds, 1),
    successThreshold: type === 'readiness' ? orDefault(probe.successThreshold, 1) : 1,
    failureThreshold: orDefault(probe.failureThreshold, 3),
  };
}
