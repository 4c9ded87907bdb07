// Creating and deleting a controller's pods (controller.RealPodControl), each write reported
// as an Event on the controller: SuccessfulCreate, FailedCreate, SuccessfulDelete, FailedDelete.
import { ApiClientError, isNotFound, type ApiClient, type EventRecorder, type KubeObject } from '@kubeling/client';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';

const PODS = { version: 'v1', resource: 'pods' };

export interface PodControl {
  /** Creates one pod from the template, controlled by `controllerRef`; resolves to its name. */
  createPod(namespace: string, template: PodTemplateSpec | undefined, owner: KubeObject, controllerRef: OwnerReference): Promise<string>;
  deletePod(namespace: string, name: string, owner: KubeObject): Promise<void>;
}

export class PodTemplateError extends Error {
  override name = 'PodTemplateError';
}

/** The pod a template makes (controller.GetPodFromTemplate): generateName `<owner>-`, the template's labels, annotations, finalizers and spec. */
export function podFromTemplate(template: PodTemplateSpec | undefined, owner: KubeObject, controllerRef: OwnerReference): Pod {
  const meta = template?.metadata ?? {};
  const ownerName = owner.metadata?.name ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      // A name of 253 characters has no room for the dash (getPodsPrefix).
      generateName: ownerName.length < 253 ? `${ownerName}-` : ownerName,
      labels: { ...meta.labels },
      annotations: { ...meta.annotations },
      ...(meta.finalizers?.length ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRef],
    },
    spec: structuredClone(template?.spec),
  };
}

/** The create failed because its namespace is being deleted (NamespaceTerminatingCause): no event, nothing to retry. */
export function isNamespaceTerminating(err: unknown): boolean {
  if (!(err instanceof ApiClientError)) return false;
  const causes = (err.status.details?.causes ?? []) as Array<{ type?: string }>;
  return causes.some((cause) => cause.type === 'NamespaceTerminating');
}

export class RealPodControl implements PodControl {
  constructor(
    private readonly client: Pick<ApiClient, 'create' | 'delete'>,
    private readonly recorder: Pick<EventRecorder, 'event'>,
  ) {}

  async createPod(namespace: string, template: PodTemplateSpec | undefined, owner: KubeObject, controllerRef: OwnerReference): Promise<string> {
    const pod = podFromTemplate(template, owner, controllerRef);
    if (Object.keys(pod.metadata?.labels ?? {}).length === 0) throw new PodTemplateError('unable to create pods, no labels');
    try {
      const created = await this.client.create<Pod & KubeObject>({ ...PODS, namespace }, pod);
      this.recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
      return created.metadata?.name ?? '';
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  async deletePod(namespace: string, name: string, owner: KubeObject): Promise<void> {
    try {
      await this.client.delete({ ...PODS, namespace, name });
    } catch (err) {
      if (!isNotFound(err)) this.recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
      throw err;
    }
    this.recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
  }
}
