// Making sure a container's image is there before it is created, as the kubelet's image
// manager (images/image_manager.go EnsureImageExists): the pull policy decides, failed pulls
// back off per pod and image, and the reasons are the kubelet's.
import { status as GrpcCode } from '@grpc/grpc-js';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { PodSandboxConfig } from '@kubeling/proto/cri';
import { imageTag } from '@kubeling/api/defaults/image-reference';
import type { RuntimeClient } from '../cri/runtime-client.js';
import { RuntimeCallError } from '../cri/runtime-error.js';
import { Backoff } from './backoff.js';
import type { WaitingReason } from './pod-status.js';

/** A container that cannot start for want of its image: the waiting reason and message. */
export class ImagePullError extends Error implements WaitingReason {
  override name = 'ImagePullError';

  constructor(
    readonly reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName',
    message: string,
  ) {
    super(message);
  }
}

/** The pull policy, or its default where the pod has none (Always for :latest or no tag). */
export function pullPolicy(container: Container): string {
  return container.imagePullPolicy ?? (imageTag(container.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent');
}

/** applyDefaultImageTag: an image with neither tag nor digest is :latest. */
function withDefaultTag(image: string): string {
  return imageTag(image) === 'latest' && !/:latest$/.test(image) ? `${image}:latest` : image;
}

/** A gRPC error as Go prints it, which is what the kubelet puts in the status. */
function goRpcError(err: unknown): string {
  if (!(err instanceof RuntimeCallError)) return err instanceof Error ? err.message : String(err);
  const code = GrpcCode[err.code] ?? 'UNKNOWN';
  const camel = code.toLowerCase().replace(/(^|_)([a-z])/g, (_, _sep: string, c: string) => c.toUpperCase());
  return `rpc error: code = ${camel} desc = ${err.details}`;
}

const imageSpec = (image: string) => ({ image, annotations: {}, userSpecifiedImage: image });

export class ImagePuller {
  private readonly backoff = new Backoff();

  constructor(
    private readonly runtime: RuntimeClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** The image's reference once it is present; throws ImagePullError otherwise. */
  async ensureImageExists(pod: Pod, container: Container, sandbox: PodSandboxConfig): Promise<string> {
    const raw = container.image ?? '';
    if (imageTag(raw) === undefined) throw new ImagePullError('InvalidImageName', `Failed to apply default image tag "${raw}": couldn't parse image name "${raw}": invalid reference format`);
    const image = withDefaultTag(raw);
    const present = (await this.runtime.imageStatus({ image: imageSpec(image), verbose: false })).image;
    const policy = pullPolicy(container);
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
      if (present) return present.id;
      throw new ImagePullError('ErrImageNeverPull', `Container image "${raw}" is not present with pull policy of Never`);
    }
    const key = `${pod.metadata?.uid}_${raw}`;
    if (this.backoff.isInBackOffSinceUpdate(key, this.now())) throw new ImagePullError('ImagePullBackOff', `Back-off pulling image "${raw}"`);
    try {
      const { imageRef } = await this.runtime.pullImage({ image: imageSpec(image), sandboxConfig: sandbox });
      this.backoff.reset(key);
      return imageRef;
    } catch (err) {
      this.backoff.next(key, this.now());
      throw new ImagePullError('ErrImagePull', goRpcError(err));
    }
  }

  /** Forgets a pod's pull backoffs once the pod is gone. */
  forgetPod(uid: string): void {
    this.backoff.resetPrefix(`${uid}_`);
  }
}
