import test from 'ava';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { podNonZeroRequest, podResourceRequest } from './pod-requests.js';
import { makeContainer, makePod } from './testing/objects.js';

const MI = 1024 * 1024;

function podWith(containers: Record<string, string>[], initContainers: { requests: Record<string, string>; sidecar?: boolean }[] = [], overhead?: Record<string, string>): Pod {
  return makePod('p', {
    spec: {
      containers: containers.map((requests, i) => makeContainer(`c${i}`, requests)),
      initContainers: initContainers.map(({ requests, sidecar }, i) => makeContainer(`init${i}`, requests, sidecar ? { restartPolicy: 'Always' } : {})),
      ...(overhead === undefined ? {} : { overhead }),
    },
  });
}

test('app containers add up', (t) => {
  const request = podResourceRequest(podWith([{ cpu: '100m', memory: '100Mi' }, { cpu: '200m', memory: '200Mi' }]));
  t.is(request.milliCPU, 300);
  t.is(request.memory, 300 * MI);
});

test('an init container bigger than the app containers together sets the request; smaller ones do not', (t) => {
  const containers = [{ cpu: '100m' }, { cpu: '200m' }];
  t.is(podResourceRequest(podWith(containers, [{ requests: { cpu: '500m' } }, { requests: { cpu: '100m' } }])).milliCPU, 500);
  t.is(podResourceRequest(podWith(containers, [{ requests: { cpu: '200m' } }])).milliCPU, 300);
});

test('init containers run one at a time: the largest counts, not their sum', (t) => {
  t.is(podResourceRequest(podWith([{ cpu: '100m' }], [{ requests: { cpu: '400m' } }, { requests: { cpu: '400m' } }])).milliCPU, 400);
});

test('a sidecar (restartPolicy Always) runs beside the app containers and the init containers after it', (t) => {
  // The KEP's example: sidecar 1, then init 2, then app 3: 1+3 while running, 1+2 while initializing.
  const kep = podWith([{ cpu: '3' }], [{ requests: { cpu: '1' }, sidecar: true }, { requests: { cpu: '2' } }]);
  t.is(podResourceRequest(kep).milliCPU, 4000);
  // An init container after the sidecar that needs more than the app: 1+5.
  const bigInit = podWith([{ cpu: '3' }], [{ requests: { cpu: '1' }, sidecar: true }, { requests: { cpu: '5' } }]);
  t.is(podResourceRequest(bigInit).milliCPU, 6000);
  // An init container before the sidecar does not overlap it.
  const before = podWith([{ cpu: '1' }], [{ requests: { cpu: '5' } }, { requests: { cpu: '1' }, sidecar: true }]);
  t.is(podResourceRequest(before).milliCPU, 5000);
});

test('pod overhead is added on top', (t) => {
  const request = podResourceRequest(podWith([{ cpu: '100m', memory: '64Mi' }], [], { cpu: '250m', memory: '120Mi' }));
  t.is(request.milliCPU, 350);
  t.is(request.memory, 184 * MI);
});

test('quantities round up to millicores and bytes; extended resources are scalar resources, unknown names ignored', (t) => {
  const request = podResourceRequest(podWith([{ cpu: '0.0001', memory: '1.5Ki', 'ephemeral-storage': '1G', 'example.com/gpu': '2', 'hugepages-2Mi': '4Mi', bogus: '7' }]));
  t.is(request.milliCPU, 1);
  t.is(request.memory, 1536);
  t.is(request.ephemeralStorage, 1_000_000_000);
  t.deepEqual([...request.scalarResources].sort(), [
    ['example.com/gpu', 2],
    ['hugepages-2Mi', 4 * MI],
  ]);
});

test('non-zero requests: 100m cpu and 200Mi memory for containers that state none, an explicit zero stays zero', (t) => {
  t.deepEqual(podNonZeroRequest(podWith([{}, { memory: '1Gi' }])), { milliCPU: 200, memory: 200 * MI + 1024 * MI });
  t.deepEqual(podNonZeroRequest(podWith([{ cpu: '0', memory: '0' }])), { milliCPU: 0, memory: 0 });
});
