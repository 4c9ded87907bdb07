import type { ConfigMap, Namespace, Secret, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { AGE_COLUMN, NAME_COLUMN, age, column } from './columns.js';
import type { Printer } from './printer.js';

export const namespacePrinter: Printer<Namespace> = {
  columns: [NAME_COLUMN, column('Status', 'The status of the namespace'), AGE_COLUMN],
  cells(namespace, now) {
    return [namespace.metadata?.name ?? '', namespace.status?.phase ?? '', age(namespace.metadata, now)];
  },
};

export const configMapPrinter: Printer<ConfigMap> = {
  columns: [NAME_COLUMN, column('Data', 'Data contains the configuration data.'), AGE_COLUMN],
  cells(configMap, now) {
    return [configMap.metadata?.name ?? '', count(configMap.data) + count(configMap.binaryData), age(configMap.metadata, now)];
  },
};

export const secretPrinter: Printer<Secret> = {
  columns: [
    NAME_COLUMN,
    column('Type', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'Data contains the secret data.'),
    AGE_COLUMN,
  ],
  cells(secret, now) {
    return [secret.metadata?.name ?? '', secret.type ?? '', count(secret.data), age(secret.metadata, now)];
  },
};

export const serviceAccountPrinter: Printer<ServiceAccount> = {
  columns: [NAME_COLUMN, column('Secrets', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE_COLUMN],
  cells(serviceAccount, now) {
    return [serviceAccount.metadata?.name ?? '', serviceAccount.secrets?.length ?? 0, age(serviceAccount.metadata, now)];
  },
};

function count(map: Record<string, string> | undefined): number {
  return Object.keys(map ?? {}).length;
}
