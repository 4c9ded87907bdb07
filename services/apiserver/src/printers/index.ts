import { horizontalPodAutoscalerPrinter } from './autoscaling.js';
import { cronJobPrinter, jobPrinter } from './batch.js';
import { configMapPrinter, namespacePrinter, secretPrinter, serviceAccountPrinter } from './config.js';
import { controllerRevisionPrinter } from './controller-revisions.js';
import { createdAtPrinter, nameAgePrinter } from './default.js';
import { endpointSlicePrinter, endpointsPrinter } from './endpoints.js';
import { eventPrinter } from './events.js';
import { leasePrinter } from './leases.js';
import { nodePrinter } from './nodes.js';
import type { Printer } from './printer.js';
import { podPrinter } from './pods.js';
import { podDisruptionBudgetPrinter, resourceQuotaPrinter } from './policy.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.js';
import { servicePrinter } from './services.js';
import { daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './workloads.js';

/** The printer of each resource, by its plural REST name, as Kubernetes' storage wires them. */
const PRINTERS: Readonly<Record<string, Printer<never>>> = {
  pods: podPrinter,
  deployments: deploymentPrinter,
  replicasets: replicaSetPrinter,
  daemonsets: daemonSetPrinter,
  statefulsets: statefulSetPrinter,
  controllerrevisions: controllerRevisionPrinter,
  jobs: jobPrinter,
  cronjobs: cronJobPrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  endpointslices: endpointSlicePrinter,
  nodes: nodePrinter,
  namespaces: namespacePrinter,
  configmaps: configMapPrinter,
  secrets: secretPrinter,
  serviceaccounts: serviceAccountPrinter,
  events: eventPrinter,
  leases: leasePrinter,
  resourcequotas: resourceQuotaPrinter,
  poddisruptionbudgets: podDisruptionBudgetPrinter,
  horizontalpodautoscalers: horizontalPodAutoscalerPrinter,
  rolebindings: roleBindingPrinter,
  clusterrolebindings: clusterRoleBindingPrinter,
  // Kubernetes has no printer for these; their storage uses the default table convertor.
  roles: createdAtPrinter,
  clusterroles: createdAtPrinter,
  limitranges: createdAtPrinter,
};

/** The printer for `resource`; NAME and AGE for a resource without one. */
export function printerFor(resource: string): Printer<object> {
  return (PRINTERS[resource] ?? nameAgePrinter) as Printer<object>;
}
