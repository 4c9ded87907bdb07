import type { LoadBalancerStatus, Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, wideColumn } from './columns.js';
import { formatLabels } from './labels.js';
import type { Printer } from './printer.js';

export const servicePrinter: Printer<Service> = {
  columns: [
    NAME_COLUMN,
    column('Type', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    wideColumn('Selector', 'Route service traffic to pods with label keys and values matching this selector.'),
  ],
  cells(service, now) {
    const spec = service.spec ?? {};
    return [
      service.metadata?.name ?? '',
      serviceType(service),
      spec.clusterIPs?.[0] ?? spec.clusterIP ?? '<none>',
      externalIP(service),
      portsCell(spec.ports ?? []) || '<none>',
      age(service.metadata, now),
      formatLabels(spec.selector),
    ];
  },
};

/** spec.type, which the apiserver defaults to ClusterIP. */
function serviceType(service: Service): string {
  return service.spec?.type ?? 'ClusterIP';
}

/** printers.go getServiceExternalIP, wide (the apiserver never clips load-balancer addresses). */
function externalIP(service: Service): string {
  const externalIPs = service.spec?.externalIPs ?? [];
  switch (serviceType(service)) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const addresses = [...loadBalancerAddresses(service.status?.loadBalancer), ...externalIPs];
      return addresses.length > 0 ? addresses.join(',') : '<pending>';
    }
    case 'ExternalName':
      return service.spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** Each ingress point's IP, else its hostname; distinct and sorted, as a Go string set lists them. */
function loadBalancerAddresses(status: LoadBalancerStatus | undefined): string[] {
  const addresses = (status?.ingress ?? []).map((ingress) => ingress.ip || ingress.hostname || '').filter(Boolean);
  return [...new Set(addresses)].sort();
}

/** "80/TCP,443:30443/TCP": port, node port when there is one, protocol (defaulted to TCP). */
function portsCell(ports: ServicePort[]): string {
  return ports
    .map((port) => {
      const protocol = port.protocol ?? 'TCP';
      return port.nodePort ? `${port.port}:${port.nodePort}/${protocol}` : `${port.port}/${protocol}`;
    })
    .join(',');
}
