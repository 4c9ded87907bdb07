// The last reason each container could not be started, by pod (the kubelet's ReasonCache): the
// status shows it as the container's waiting reason until a start succeeds.
import type { WaitingReason } from './pod-status.js';

export class ReasonCache {
  private readonly byPod = new Map<string, Map<string, WaitingReason>>();

  set(uid: string, container: string, reason: WaitingReason): void {
    let reasons = this.byPod.get(uid);
    if (reasons === undefined) this.byPod.set(uid, (reasons = new Map()));
    reasons.set(container, { reason: reason.reason, message: reason.message });
  }

  delete(uid: string, container: string): void {
    this.byPod.get(uid)?.delete(container);
  }

  /** The pod's reasons by container name. */
  of(uid: string): ReadonlyMap<string, WaitingReason> {
    return this.byPod.get(uid) ?? new Map();
  }

  forgetPod(uid: string): void {
    this.byPod.delete(uid);
  }
}
