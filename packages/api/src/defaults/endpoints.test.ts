import test from 'ava';
import { defaultEndpoints, defaultEndpointSlice } from './endpoints.js';
import type { Obj } from './fields.js';

test('endpoints ports are TCP unless given', (t) => {
  const endpoints: Obj = { subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }] }] };
  defaultEndpoints(endpoints);
  t.deepEqual(endpoints.subsets, [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }] }]);
});

test('endpoint slice ports get a name and a protocol', (t) => {
  const slice: Obj = { addressType: 'IPv4', ports: [{ port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }] };
  defaultEndpointSlice(slice);
  t.deepEqual(slice.ports, [{ port: 80, name: '', protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }]);
});
