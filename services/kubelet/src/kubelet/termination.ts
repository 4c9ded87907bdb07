// Stopping a pod's containers and sandbox (kuberuntime killPodWithSyncResult, killContainer
// with its preStop hook): each container gets the grace period, spent first on its preStop
// hook, then SIGTERM, then SIGKILL when the runtime's timeout runs out.
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { PodSandboxState, type ContainerStatus as CriContainerStatus } from '@kubeling/proto/cri';
import type { Logger } from 'pino';
import type { RuntimeClient } from '../cri/runtime-client.js';
import { isRuntimeNotFound } from '../cri/runtime-error.js';
import { POD_UID_LABEL } from '../pod/runtime-labels.js';
import type { PodEventSink } from './pod-events.js';
import { podKey } from './pod-key.js';
import { isRunning, type RuntimePod } from './runtime-pod.js';

/** The kubelet never gives a container less than this to stop (minimumGracePeriodInSeconds). */
const MINIMUM_GRACE_PERIOD_SECONDS = 2;
const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

/** The grace period of a pod being stopped: the deletion's, else the spec's. */
export function podGracePeriodSeconds(pod: Pod | undefined): number {
  return pod?.metadata?.deletionGracePeriodSeconds ?? pod?.spec?.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
}


const containerSpec = (pod: Pod | undefined, name: string): Container | undefined =>
  [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])].find((c) => c.name === name);

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (err) {
    if (!isRuntimeNotFound(err)) throw err;
  }
}

export class PodKiller {
  constructor(
    private readonly runtime: RuntimeClient,
    private readonly events: PodEventSink,
    private readonly log: Logger,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** killContainer: the preStop hook, then StopContainer with what is left of the grace period. */
  async killContainer(pod: Pod | undefined, status: CriContainerStatus, gracePeriodSeconds: number, message: string): Promise<void> {
    const name = status.metadata?.name ?? '';
    const key = pod ? podKey(pod) : (status.labels?.[POD_UID_LABEL] ?? '');
    const started = this.nowMs();
    const preStop = containerSpec(pod, name)?.lifecycle?.preStop;
    if (preStop && gracePeriodSeconds > 0 && isRunning(status)) await this.runPreStop(key, status.id, name, preStop, gracePeriodSeconds);
    const spent = Math.floor((this.nowMs() - started) / 1000);
    const timeout = Math.max(gracePeriodSeconds - spent, gracePeriodSeconds === 0 ? 0 : MINIMUM_GRACE_PERIOD_SECONDS);
    this.log.info({ pod: key, container: name, containerID: status.id, gracePeriod: timeout, reason: message }, 'Killing container with a grace period');
    if (pod) this.events(pod, 'Normal', 'Killing', `Stopping container ${name}`);
    await ignoreNotFound(this.runtime.stopContainer({ containerId: status.id, timeout: BigInt(timeout) }));
  }

  /** Stops every running container and every ready sandbox of the pod. */
  async killPod(pod: Pod | undefined, runtimePod: RuntimePod, gracePeriodSeconds: number, message: string): Promise<void> {
    await Promise.all(runtimePod.containers.filter(isRunning).map((c) => this.killContainer(pod, c, gracePeriodSeconds, message)));
    for (const sandbox of runtimePod.sandboxes.filter((s) => s.state === PodSandboxState.SANDBOX_READY)) {
      await ignoreNotFound(this.runtime.stopPodSandbox({ podSandboxId: sandbox.id }));
    }
  }

  /** Stops the pod, then removes its containers and sandboxes: nothing of it is left in the runtime. */
  async removePod(pod: Pod | undefined, runtimePod: RuntimePod, gracePeriodSeconds: number, message: string): Promise<void> {
    await this.killPod(pod, runtimePod, gracePeriodSeconds, message);
    for (const c of runtimePod.containers) await ignoreNotFound(this.runtime.removeContainer({ containerId: c.id }));
    for (const s of runtimePod.sandboxes) await ignoreNotFound(this.runtime.removePodSandbox({ podSandboxId: s.id }));
  }

  private async runPreStop(key: string, containerId: string, name: string, preStop: NonNullable<NonNullable<Container['lifecycle']>['preStop']>, gracePeriodSeconds: number): Promise<void> {
    try {
      if (preStop.exec?.command) {
        const result = await this.runtime.execSync({ containerId, cmd: preStop.exec.command, timeout: BigInt(gracePeriodSeconds) });
        if (result.exitCode !== 0) this.log.warn({ pod: key, container: name, exitCode: result.exitCode, output: Buffer.from(result.stdout).toString() + Buffer.from(result.stderr).toString() }, 'FailedPreStopHook');
      } else if (preStop.sleep) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(preStop.sleep!.seconds, gracePeriodSeconds) * 1000));
      } else {
        this.log.warn({ pod: key, container: name }, 'preStop hook of this kind is not supported; skipped');
      }
    } catch (err) {
      this.log.warn({ err, pod: key, container: name }, 'FailedPreStopHook');
    }
  }
}
