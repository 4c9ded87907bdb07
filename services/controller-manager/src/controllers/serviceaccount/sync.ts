// The ServiceAccounts controller's sync (serviceaccounts_controller.go syncNamespace), level-based
// on one namespace's name: an active namespace gets each ServiceAccount it must have ("default")
// that the cache does not show; a namespace that is gone or terminating gets nothing.
import { isAlreadyExists, type ApiClientError, type KubeObject } from '@kubeling/client';
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.js';

/** The ServiceAccounts every namespace has (--service-account-private-key-file's "default"). */
export const SERVICE_ACCOUNTS_TO_ENSURE: readonly string[] = ['default'];

export interface ServiceAccountsDeps {
  /** The informer cache's namespace. */
  getNamespace(name: string): Namespace | undefined;
  /** The informer cache's ServiceAccount. */
  getServiceAccount(namespace: string, name: string): ServiceAccount | undefined;
  createServiceAccount(namespace: string, serviceAccount: ServiceAccount & KubeObject): Promise<unknown>;
}

export async function syncNamespace(name: string, deps: ServiceAccountsDeps): Promise<void> {
  const ns = deps.getNamespace(name);
  // Nothing is created in a namespace that is not active.
  if (!ns || ns.status?.phase !== 'Active') return;
  const failures: Error[] = [];
  for (const saName of SERVICE_ACCOUNTS_TO_ENSURE) {
    if (deps.getServiceAccount(name, saName)) continue;
    try {
      await deps.createServiceAccount(name, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: saName, namespace: name } });
    } catch (err) {
      if (!isAlreadyExists(err) && !namespaceTerminating(err)) failures.push(err as Error);
    }
  }
  if (failures.length > 0) throw new Error(failures.map((e) => e.message).join(', '));
}

/** A create refused because the namespace began terminating meanwhile (the NamespaceTerminating cause). */
function namespaceTerminating(err: unknown): boolean {
  const causes = (err as Partial<ApiClientError>).status?.details?.causes as Array<{ reason?: string }> | undefined;
  return causes?.some((c) => c.reason === 'NamespaceTerminating') ?? false;
}
