// One sync of a pod that should run (kuberuntime_manager.go SyncPod): kill what must go, make
// the sandbox if it is missing or dead, then start the next init container or the app
// containers that should run, each behind its restart backoff and its image.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerStatus as CriContainerStatus, PodSandboxConfig } from '@kubeling/proto/cri';
import type { Logger } from 'pino';
import type { RuntimeClient } from '../cri/runtime-client.js';
import { Backoff, BACKOFF_RESET_AFTER_RUNNING_MS, goDuration } from './backoff.js';
import type { ImagePuller } from './image-puller.js';
import type { PodEventSink } from './pod-events.js';
import { podDescription, podKey } from './pod-key.js';
import { computePodActions, type LivenessCheck } from './pod-actions.js';
import type { WaitingReason } from './pod-status.js';
import type { ReasonCache } from './reason-cache.js';
import { containerAttempts, criMs, isExited, readySandbox, type RuntimePod } from './runtime-pod.js';
import type { RuntimeConfigs } from './runtime-config.js';
import { podGracePeriodSeconds, type PodKiller } from './termination.js';

export interface PodSyncerDeps {
  runtime: RuntimeClient;
  images: ImagePuller;
  configs: RuntimeConfigs;
  killer: PodKiller;
  reasons: ReasonCache;
  liveness: LivenessCheck;
  events: PodEventSink;
  log: Logger;
  nowMs?: () => number;
}

/** A failed step of starting a container, with the waiting reason the status shows for it. */
class StartStepError extends Error implements WaitingReason {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** The error's own reason when it has one (ErrImagePull, CreateContainerConfigError), else the step's. */
function asWaitingReason(err: unknown, stepReason: string): WaitingReason {
  const reason = (err as { reason?: unknown }).reason;
  const message = err instanceof Error ? err.message : String(err);
  return { reason: typeof reason === 'string' ? reason : stepReason, message };
}

async function step<T>(reason: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const waiting = asWaitingReason(err, reason);
    throw new StartStepError(waiting.reason, waiting.message);
  }
}

export class PodSyncer {
  private readonly backoff = new Backoff();
  private readonly nowMs: () => number;

  constructor(private readonly deps: PodSyncerDeps) {
    this.nowMs = deps.nowMs ?? Date.now;
  }

  async syncPod(pod: Pod, runtimePod: RuntimePod): Promise<void> {
    const { killer, runtime, configs, log } = this.deps;
    const actions = computePodActions(pod, runtimePod, this.deps.liveness);
    const grace = pod.spec?.terminationGracePeriodSeconds ?? podGracePeriodSeconds(undefined);
    if (actions.killPod) {
      await killer.killPod(pod, runtimePod, grace, actions.createSandbox ? 'pod sandbox changed, it will be killed and re-created' : 'all containers of the pod are done');
      if (!actions.createSandbox) return;
    }
    for (const kill of actions.containersToKill) {
      const status = runtimePod.containers.find((c) => c.id === kill.id);
      if (status) await killer.killContainer(pod, status, grace, kill.message);
    }
    const sandboxConfig = configs.sandbox(pod, actions.attempt);
    let sandboxId = actions.sandboxId;
    let podIP = readySandbox(runtimePod)?.network?.ip;
    if (actions.createSandbox) {
      try {
        sandboxId = (await runtime.runPodSandbox({ config: sandboxConfig, runtimeHandler: '' })).podSandboxId;
        podIP = (await runtime.podSandboxStatus({ podSandboxId: sandboxId, verbose: false })).status?.network?.ip;
        log.info({ pod: podKey(pod), sandboxID: sandboxId, podIP, attempt: actions.attempt }, 'created pod sandbox');
      } catch (err) {
        log.warn({ err, pod: podKey(pod) }, 'FailedCreatePodSandBox');
        this.deps.events(pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
    }
    const toStart = actions.nextInitContainerToStart ? [actions.nextInitContainerToStart] : actions.containersToStart;
    for (const container of toStart) await this.startContainer(pod, container, { sandboxId: sandboxId!, sandboxConfig, podIP }, runtimePod);
  }

  /** Forgets a pod's restart backoffs once it is gone. */
  forgetPod(uid: string): void {
    this.backoff.resetPrefix(`${uid}_`);
  }

  private async startContainer(pod: Pod, container: Container, sandbox: { sandboxId: string; sandboxConfig: PodSandboxConfig; podIP?: string }, runtimePod: RuntimePod): Promise<void> {
    const { runtime, images, configs, reasons, events, log } = this.deps;
    const uid = pod.metadata!.uid!;
    const latest = containerAttempts(runtimePod, container.name)[0];
    if (isExited(latest) && this.inBackOff(pod, container, latest!)) return;
    try {
      const imageRef = await step('ErrImagePull', () => images.ensureImageExists(pod, container, sandbox.sandboxConfig));
      const attempt = latest === undefined ? 0 : (latest.metadata?.attempt ?? 0) + 1;
      const config = await step('CreateContainerConfigError', () => configs.container(pod, container, { attempt, podIP: sandbox.podIP, imageRef }));
      const { containerId } = await step('CreateContainerError', () => runtime.createContainer({ podSandboxId: sandbox.sandboxId, config, sandboxConfig: sandbox.sandboxConfig }));
      events(pod, 'Normal', 'Created', `Created container ${container.name}`);
      await step('RunContainerError', () => runtime.startContainer({ containerId }));
      events(pod, 'Normal', 'Started', `Started container ${container.name}`);
      reasons.delete(uid, container.name);
      log.info({ pod: podKey(pod), container: container.name, containerID: containerId, attempt }, 'Started container');
    } catch (err) {
      if (!(err instanceof StartStepError)) throw err;
      reasons.set(uid, container.name, err);
      // As the kubelet: a pull backoff is its own event, every other failure a Failed with the message, then the reason.
      if (err.reason === 'ImagePullBackOff') events(pod, 'Normal', 'BackOff', err.message);
      else events(pod, 'Warning', 'Failed', err.reason === 'ErrImagePull' ? `Failed to pull image "${container.image}": ${err.message}` : err.message);
      log.warn({ pod: podKey(pod), container: container.name, reason: err.reason, message: err.message }, 'starting container failed');
    }
  }

  /** doBackOff: true (and CrashLoopBackOff as the reason) while the container's restart backoff since its exit lasts. */
  private inBackOff(pod: Pod, container: Container, exited: CriContainerStatus): boolean {
    const key = `${pod.metadata!.uid}_${container.name}`;
    const finished = criMs(exited.finishedAt);
    if (finished - criMs(exited.startedAt) >= BACKOFF_RESET_AFTER_RUNNING_MS) this.backoff.reset(key);
    if (this.backoff.isInBackOffSince(key, finished, this.nowMs())) {
      const message = `back-off ${goDuration(this.backoff.get(key))} restarting failed container=${container.name} pod=${podDescription(pod)}`;
      this.deps.reasons.set(pod.metadata!.uid!, container.name, { reason: 'CrashLoopBackOff', message });
      this.deps.events(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${container.name} in pod ${podDescription(pod)}`);
      return true;
    }
    this.backoff.next(key, finished);
    return false;
  }
}
