// The events the kubelet records about a pod (Created, Started, Killing, BackOff, Failed, ...),
// written in the background by the client's EventRecorder as source kubelet on this node.
import { EventRecorder, type ApiClient, type EventType } from '@kubeling/client';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';

export type PodEventSink = (pod: Pod, type: EventType, reason: string, message: string) => void;

export function podEventSink(client: ApiClient, nodeName: string, logger: Logger): PodEventSink {
  const recorder = new EventRecorder(client, { source: { component: 'kubelet', host: nodeName }, logger });
  return (pod, type, reason, message) => {
    const { name, namespace, uid, resourceVersion } = pod.metadata ?? {};
    recorder.event({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid, resourceVersion } }, type, reason, message);
  };
}
