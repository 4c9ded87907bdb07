// Reading pods back from the runtime: one pod's sandboxes and containers in full (what a sync
// works from), or every pod's in brief (the relist that notices changes, the cleanup at start).
import type { Container as CriContainer, PodSandbox } from '@kubeling/proto/cri';
import type { RuntimeClient } from '../cri/runtime-client.js';
import { isRuntimeNotFound } from '../cri/runtime-error.js';
import { POD_UID_LABEL } from '../pod/runtime-labels.js';
import { newestFirst, type RuntimePod } from './runtime-pod.js';

/** A status that went away between listing and asking for it is skipped. */
async function unlessGone<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (isRuntimeNotFound(err)) return undefined;
    throw err;
  }
}

const defined = <T>(items: Array<T | undefined>): T[] => items.filter((i): i is T => i !== undefined);

/** The pod's sandboxes and containers with their full statuses, newest first. */
export async function readRuntimePod(runtime: RuntimeClient, uid: string): Promise<RuntimePod> {
  const labelSelector = { [POD_UID_LABEL]: uid };
  const [{ items }, { containers }] = await Promise.all([
    runtime.listPodSandbox({ filter: { id: '', labelSelector } }),
    runtime.listContainers({ filter: { id: '', podSandboxId: '', labelSelector } }),
  ]);
  const [sandboxes, statuses] = await Promise.all([
    Promise.all(items.map((s) => unlessGone(runtime.podSandboxStatus({ podSandboxId: s.id, verbose: false }).then((r) => r.status)))),
    Promise.all(containers.map((c) => unlessGone(runtime.containerStatus({ containerId: c.id, verbose: false }).then((r) => r.status)))),
  ]);
  return { sandboxes: newestFirst(defined(sandboxes)), containers: newestFirst(defined(statuses)) };
}

/** Every sandbox and container of the runtime, in brief, by pod uid. */
export interface RuntimeListing {
  sandboxes: PodSandbox[];
  containers: CriContainer[];
}

export async function listRuntime(runtime: RuntimeClient): Promise<RuntimeListing> {
  const [{ items }, { containers }] = await Promise.all([runtime.listPodSandbox({}), runtime.listContainers({})]);
  return { sandboxes: items, containers };
}

export const podUidOf = (item: { labels: Record<string, string> }) => item.labels[POD_UID_LABEL] ?? '';
