import test from 'ava';
import type { Obj } from './fields.js';
import { podQOSClass } from './pod-qos.js';

const container = (resources: Obj): Obj => ({ name: 'c', image: 'x', resources });

test('no cpu or memory requests or limits is BestEffort', (t) => {
  t.is(podQOSClass({ containers: [container({})] }), 'BestEffort');
  t.is(podQOSClass({ containers: [container({ limits: { 'nvidia.com/gpu': '1' }, requests: { cpu: '0' } })] }), 'BestEffort');
});

test('equal cpu and memory requests and limits in every container is Guaranteed', (t) => {
  const resources = { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } };
  t.is(podQOSClass({ containers: [container(resources)], initContainers: [container(resources)] }), 'Guaranteed');
});

test('anything between is Burstable', (t) => {
  t.is(podQOSClass({ containers: [container({ requests: { cpu: '100m' } })] }), 'Burstable');
  t.is(podQOSClass({ containers: [container({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } })] }), 'Burstable');
  t.is(podQOSClass({ containers: [container({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } }), container({})] }), 'Burstable');
});
