import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { AGE_COLUMN, NAME_COLUMN, age, column } from './columns.js';
import type { Printer } from './printer.js';

/** Lists show at most this many entries, then " + N more...". */
const MAX_LISTED = 3;

export const endpointsPrinter: Printer<Endpoints> = {
  columns: [NAME_COLUMN, column('Endpoints', 'The set of all endpoints is the union of all subsets.'), AGE_COLUMN],
  cells(endpoints, now) {
    return [endpoints.metadata?.name ?? '', endpointsCell(endpoints), age(endpoints.metadata, now)];
  },
};

/** printers.go formatEndpoints: "ip:port" per address and port (bare IPs for port-less subsets). */
function endpointsCell(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const entries = subsets.flatMap((subset) => {
    const ips = (subset.addresses ?? []).map((address) => address.ip);
    const ports = subset.ports ?? [];
    if (ports.length === 0) return ips;
    return ports.flatMap((port) => ips.map((ip) => joinHostPort(ip, port.port)));
  });
  return listWithMore(entries);
}

/** net.JoinHostPort: IPv6 addresses go in brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export const endpointSlicePrinter: Printer<EndpointSlice> = {
  columns: [
    NAME_COLUMN,
    column('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
    column('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    column('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    AGE_COLUMN,
  ],
  cells(slice, now) {
    const ports = (slice.ports ?? []).map((port) => (port.port != null ? String(port.port) : port.name ?? '*'));
    const addresses = slice.endpoints.flatMap((endpoint) => endpoint.addresses);
    return [
      slice.metadata?.name ?? '',
      slice.addressType,
      listWithMore(ports) || '<unset>',
      listWithMore(addresses) || '<unset>',
      age(slice.metadata, now),
    ];
  },
};

/** The first entries comma-joined, with " + N more..." for the rest. */
function listWithMore(entries: string[]): string {
  const shown = entries.slice(0, MAX_LISTED).join(',');
  return entries.length > MAX_LISTED ? `${shown} + ${entries.length - MAX_LISTED} more...` : shown;
}
