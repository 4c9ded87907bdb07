// What the informers tell the scheduler (kube-scheduler's eventhandlers.go): bound pods and
// nodes go to the cache; pending pods this scheduler serves go to the queue; changes that may
// help a rejected pod move it back to be tried again.
import { DeletedFinalStateUnknown, type KubeObject, type SharedIndexInformer } from '@kubeling/client';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { SchedulerCache } from './cache/scheduler-cache.js';
import { AssignedPodDelete, NodeAdd } from './framework/events.js';
import { nodeSchedulingPropertiesChange } from './queue/cluster-event.js';
import type { PriorityQueue } from './queue/scheduling-queue.js';

type Informer<T> = SharedIndexInformer<T & KubeObject>;

const assigned = (pod: Pod) => Boolean(pod.spec?.nodeName);
const final = <T>(obj: T | DeletedFinalStateUnknown<T>): T => (obj instanceof DeletedFinalStateUnknown ? obj.obj : obj);

export function addAllEventHandlers(cache: SchedulerCache, queue: PriorityQueue, schedulerNames: ReadonlySet<string>, pods: Informer<Pod>, nodes: Informer<Node>): void {
  const responsible = (pod: Pod) => schedulerNames.has(pod.spec?.schedulerName ?? 'default-scheduler');
  const pending = (pod: Pod) => !assigned(pod) && responsible(pod) && !pod.metadata?.deletionTimestamp;

  pods.addEventHandler({
    onAdd: (obj) => {
      const pod = obj as Pod;
      if (assigned(pod)) {
        cache.addPod(pod);
        queue.assignedPodAdded(pod);
      } else if (pending(pod)) queue.add(pod);
    },
    onUpdate: (oldObj, newObj) => {
      const [oldPod, newPod] = [oldObj as Pod, newObj as Pod];
      if (assigned(newPod)) {
        // Bound since the last event: out of the queue, into the cache (confirming an assumption).
        if (!assigned(oldPod)) queue.delete(oldPod);
        cache.updatePod(newPod);
        queue.assignedPodUpdated(oldPod, newPod);
      } else if (pending(newPod)) queue.update(oldPod, newPod);
      else queue.delete(newPod);
    },
    onDelete: (obj) => {
      const pod = final(obj) as Pod;
      if (assigned(pod)) {
        cache.removePod(pod);
        queue.moveAllToActiveOrBackoffQueue(AssignedPodDelete);
      } else queue.delete(pod);
    },
  });

  nodes.addEventHandler({
    onAdd: (obj) => {
      cache.addNode(obj as Node);
      queue.moveAllToActiveOrBackoffQueue(NodeAdd);
    },
    onUpdate: (oldObj, newObj) => {
      cache.updateNode(newObj as Node);
      for (const event of nodeSchedulingPropertiesChange(oldObj as Node, newObj as Node)) queue.moveAllToActiveOrBackoffQueue(event);
    },
    onDelete: (obj) => cache.removeNode(final(obj) as Node),
  });
}
