// Writing pod statuses to the API (status/status_manager.go): only when the status the kubelet
// generated differs from the one stored and from the one it last wrote, as a strategic merge
// patch of pods/status that names the pod's uid (so a namesake made since is never touched).
import type { ApiClient } from '@kubeling/client';
import type { Pod, PodStatus } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { podKey } from './pod-key.js';

/** JSON with object keys sorted: equal statuses compare equal whatever order their fields were made in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

/**
 * The patch of a status: condition fields the status lacks are null, since conditions merge
 * by type and an old reason or message would otherwise stay (as the two-way merge patch the
 * kubelet sends deletes them).
 */
export function statusPatch(uid: string, status: PodStatus): { metadata: { uid: string }; status: PodStatus } {
  const conditions = status.conditions?.map((c) => ({ reason: null, message: null, ...c })) as PodStatus['conditions'];
  return { metadata: { uid }, status: { ...status, conditions } };
}

export class StatusManager {
  /** The canonical JSON of the status last written, by pod uid. */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly client: ApiClient,
    private readonly log: Logger,
  ) {}

  /** Writes `status` for `pod` unless the API or the last write already say the same; true when it wrote. */
  async setPodStatus(pod: Pod, status: PodStatus): Promise<boolean> {
    const uid = pod.metadata!.uid!;
    const wanted = canonicalJson(status);
    if (this.written.get(uid) === wanted || canonicalJson(pod.status ?? {}) === wanted) {
      this.written.set(uid, wanted);
      return false;
    }
    const ref = { version: 'v1', resource: 'pods', namespace: pod.metadata!.namespace, name: pod.metadata!.name, subresource: 'status' };
    await this.client.patch(ref, 'strategic', statusPatch(uid, status));
    this.written.set(uid, wanted);
    this.log.debug({ pod: podKey(pod), phase: status.phase }, 'pod status updated');
    return true;
  }

  forgetPod(uid: string): void {
    this.written.delete(uid);
  }
}
