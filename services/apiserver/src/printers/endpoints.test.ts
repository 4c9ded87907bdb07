import test from 'ava';
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { endpointSlicePrinter, endpointsPrinter } from './endpoints.js';

const now = new Date('2026-11-24T12:00:00Z');
const metadata = { name: 'web', namespace: 'default', creationTimestamp: '2026-11-24T11:00:00Z' };

test('endpoints: NAME ENDPOINTS AGE, ip:port per address and port', (t) => {
  const endpoints: Endpoints = {
    metadata,
    subsets: [{ addresses: [{ ip: '10.244.0.5' }, { ip: '10.244.1.6' }], ports: [{ port: 8080, protocol: 'TCP' }] }],
  };
  t.deepEqual(endpointsPrinter.columns.map((c) => c.name), ['Name', 'Endpoints', 'Age']);
  t.deepEqual(endpointsPrinter.cells(endpoints, now), ['web', '10.244.0.5:8080,10.244.1.6:8080', '60m']);
});

test('endpoints: at most three, then "+ N more..."; <none> without subsets; IPv6 in brackets', (t) => {
  const many: Endpoints = {
    metadata,
    subsets: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }], ports: [{ port: 80 }, { port: 443 }] }],
  };
  t.is(endpointsPrinter.cells(many, now)[1], '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 3 more...');
  t.is(endpointsPrinter.cells({ metadata }, now)[1], '<none>');
  t.is(endpointsPrinter.cells({ metadata, subsets: [{ addresses: [{ ip: 'fd00::5' }], ports: [{ port: 80 }] }] }, now)[1], '[fd00::5]:80');
  t.is(endpointsPrinter.cells({ metadata, subsets: [{ addresses: [{ ip: '10.0.0.9' }] }] }, now)[1], '10.0.0.9');
});

test('endpointslices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE', (t) => {
  const slice: EndpointSlice = {
    metadata: { ...metadata, name: 'web-abcde' },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'named' }],
    endpoints: [{ addresses: ['10.244.0.5'] }, { addresses: ['10.244.1.6'] }, { addresses: ['10.244.2.7'] }, { addresses: ['10.244.3.8'] }],
  };
  t.deepEqual(endpointSlicePrinter.columns.map((c) => c.name), ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age']);
  t.deepEqual(endpointSlicePrinter.cells(slice, now), ['web-abcde', 'IPv4', '8080,named', '10.244.0.5,10.244.1.6,10.244.2.7 + 1 more...', '60m']);
  t.deepEqual(endpointSlicePrinter.cells({ ...slice, ports: [], endpoints: [] }, now).slice(2, 4), ['<unset>', '<unset>']);
});
