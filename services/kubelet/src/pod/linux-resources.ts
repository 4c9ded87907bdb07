// A container's requests and limits as cgroup settings (kuberuntime calculateLinuxResources with
// the CFS quota enforced, as the kubelet does by default).
import type { Container } from 'kubernetes-types/core/v1.js';
import type { LinuxContainerResources } from '@kubeling/proto/cri';
import { milliValue, nanoOf, unitValue } from './quantity-values.js';

const MIN_SHARES = 2n;
const MAX_SHARES = 262_144n;
const SHARES_PER_CPU = 1024n;
const MILLI_CPU_TO_CPU = 1000n;
/** The CFS period kuberuntime uses (100ms, in microseconds). */
export const QUOTA_PERIOD = 100_000n;
const MIN_QUOTA_PERIOD = 1000n;

/** cm.MilliCPUToShares: cpu.shares for a cpu request, at least 2. */
export function milliCPUToShares(milliCPU: bigint): bigint {
  if (milliCPU === 0n) return MIN_SHARES;
  const shares = (milliCPU * SHARES_PER_CPU) / MILLI_CPU_TO_CPU;
  if (shares < MIN_SHARES) return MIN_SHARES;
  return shares > MAX_SHARES ? MAX_SHARES : shares;
}

/** milliCPUToQuota: the CFS quota for a cpu limit over `period`; 0 (no quota) without a limit. */
export function milliCPUToQuota(milliCPU: bigint, period: bigint): bigint {
  if (milliCPU === 0n) return 0n;
  const quota = (milliCPU * period) / MILLI_CPU_TO_CPU;
  return quota < MIN_QUOTA_PERIOD ? MIN_QUOTA_PERIOD : quota;
}

export function linuxContainerResources(container: Container): LinuxContainerResources {
  const { requests, limits } = container.resources ?? {};
  const cpuRequest = milliValue(nanoOf(requests, 'cpu'));
  const cpuLimit = milliValue(nanoOf(limits, 'cpu'));
  // A request defaults to the limit, as the apiserver does for new pods.
  const cpuShares = milliCPUToShares(cpuRequest === 0n && cpuLimit !== 0n ? cpuLimit : cpuRequest);
  return {
    cpuPeriod: QUOTA_PERIOD,
    cpuQuota: milliCPUToQuota(cpuLimit, QUOTA_PERIOD),
    cpuShares,
    memoryLimitInBytes: unitValue(nanoOf(limits, 'memory')),
    oomScoreAdj: 0n,
    cpusetCpus: '',
    cpusetMems: '',
  };
}
