// A node's conditions as the kubelet's nodestatus setters write them: the pressure
// conditions (no eviction manager here, so never under pressure) and Ready.
import type { NodeCondition } from 'kubernetes-types/core/v1.js';

/** What the Ready condition says: ready, or not with the reason why (the runtime's, as the kubelet's runtime health check). */
export type NodeReadiness = { ready: true } | { ready: false; message: string };

export const NODE_READY: NodeReadiness = { ready: true };

/**
 * The kubelet's conditions, in its order, with its reasons and messages. Without
 * `transition` they carry no lastTransitionTime: a heartbeat's strategic merge patch then
 * keeps the stored one.
 */
export function nodeConditions(heartbeat: string, transition?: string, readiness: NodeReadiness = NODE_READY): NodeCondition[] {
  const condition = (type: string, status: string, reason: string, message: string): NodeCondition => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: heartbeat,
    ...(transition === undefined ? {} : { lastTransitionTime: transition }),
  });
  return [
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    readiness.ready ? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status') : condition('Ready', 'False', 'KubeletNotReady', readiness.message),
  ];
}

/** The labels every kubelet sets on its node (kubelet_node_status.go initialNode). */
export function kubeletNodeLabels(name: string): Record<string, string> {
  return { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' };
}
