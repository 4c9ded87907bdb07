// MarkPodsNotReady: once a node stops being Ready, the pods on it are no longer Ready either
// (their kubelet cannot say so itself), so that Services stop sending them traffic.
import { isNotFound, type ApiClient, type EventRecorder, type KubeObject } from '@kubeling/client';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { withPodCondition } from './pod-condition.js';

/** Marks each pod bound to `nodeName` that has a Ready condition Ready=False; throws the first failure after trying them all. */
export async function markPodsNotReady(client: Pick<ApiClient, 'update'>, recorder: EventRecorder, pods: readonly Pod[], nodeName: string, log: Logger, now: Date): Promise<void> {
  const failures: Error[] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready) continue;
    const status = withPodCondition(pod.status, { ...ready, status: 'False' }, now);
    if (!status) continue;
    const { namespace, name } = pod.metadata!;
    try {
      await client.update({ version: 'v1', resource: 'pods', namespace, name, subresource: 'status' }, { ...pod, status });
    } catch (err) {
      if (isNotFound(err)) continue;
      log.info({ pod: `${namespace}/${name}`, err: (err as Error).message }, 'failed to update status for pod');
      failures.push(err as Error);
      continue;
    }
    log.info({ pod: `${namespace}/${name}`, node: nodeName }, 'updating ready status of pod to false');
    recorder.event(pod as KubeObject, 'Warning', 'NodeNotReady', 'Node is not ready');
  }
  if (failures.length > 0) throw failures[0];
}
