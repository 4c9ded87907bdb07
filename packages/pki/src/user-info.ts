/** Who a request comes from, as Kubernetes' authentication/v1 UserInfo names it. */
export interface UserInfo {
  username: string;
  groups: readonly string[];
}

/** The identities kubeadm gives the control plane's clients. */
export const wellKnownUsers = {
  admin: { username: 'kubernetes-admin', groups: ['system:masters'] },
  scheduler: { username: 'system:kube-scheduler', groups: [] },
  controllerManager: { username: 'system:kube-controller-manager', groups: [] },
} as const satisfies Record<string, UserInfo>;

/** A kubelet's identity, the one the node authorizer recognises. */
export function nodeUser(nodeName: string): UserInfo {
  return { username: `system:node:${nodeName}`, groups: ['system:nodes'] };
}
