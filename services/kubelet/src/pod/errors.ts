// Typed failures of turning a pod spec into runtime configs. Messages are Kubernetes' own, so
// the kubelet can put them into container statuses and events unchanged.

/**
 * The container's config cannot be generated (kuberuntime's ErrCreateContainerConfig): the
 * kubelet reports the container Waiting with reason CreateContainerConfigError and this message.
 */
export class CreateContainerConfigError extends Error {
  override name = 'CreateContainerConfigError';
  readonly reason = 'CreateContainerConfigError';
}

/** A volume could not be set up; the kubelet reports it as a FailedMount event with this message. */
export class VolumeSetUpError extends Error {
  override name = 'VolumeSetUpError';
  readonly reason = 'FailedMount';

  constructor(
    readonly volumeName: string,
    override readonly cause: Error,
  ) {
    super(`MountVolume.SetUp failed for volume "${volumeName}" : ${cause.message}`);
  }
}

/** An object a pod refers to does not exist (apierrors.NewNotFound with the kubelet's singular resource). */
export class ReferencedObjectNotFoundError extends Error {
  override name = 'ReferencedObjectNotFoundError';

  constructor(resource: 'configmap' | 'secret', name: string) {
    super(`${resource} "${name}" not found`);
  }
}

/** utilerrors.NewAggregate's text: one message alone, several in brackets. */
export function aggregateMessage(errors: readonly Error[]): string {
  return errors.length === 1 ? errors[0].message : `[${errors.map((e) => e.message).join(', ')}]`;
}
