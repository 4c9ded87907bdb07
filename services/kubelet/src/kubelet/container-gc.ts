// Pruning a pod's dead containers (kuberuntime_gc.go, with MaxPerPodContainer 1): per container
// name the newest attempt stays, and so does the newest exited one (the last state and logs
// of a container that is running again); older attempts are removed.
import type { ContainerStatus as CriContainerStatus } from '@kubeling/proto/cri';
import { isExited, isRunning, type RuntimePod } from './runtime-pod.js';

/** The containers to remove: of each name's attempts (newest first) all but the newest, the running and the newest exited. */
export function containersToPrune(runtimePod: RuntimePod): CriContainerStatus[] {
  const byName = new Map<string, CriContainerStatus[]>();
  for (const c of runtimePod.containers) {
    const name = c.metadata?.name ?? '';
    byName.set(name, [...(byName.get(name) ?? []), c]);
  }
  const prune: CriContainerStatus[] = [];
  for (const attempts of byName.values()) {
    let exitedKept = isExited(attempts[0]);
    for (const c of attempts.slice(1)) {
      if (isRunning(c)) continue;
      if (isExited(c) && !exitedKept) {
        exitedKept = true;
        continue;
      }
      prune.push(c);
    }
  }
  return prune;
}
