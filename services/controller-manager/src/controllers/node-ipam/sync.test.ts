import test from 'ava';
import type { Node } from 'kubernetes-types/core/v1.js';
import { CidrSet } from './cidr-set.js';
import { occupyExisting, syncNode, type NodeIpamDeps } from './sync.js';

function deps(nodes: Node[], failPatch = false) {
  const cache = new Map(nodes.map((n) => [n.metadata!.name!, n]));
  const patches: Array<{ name: string; patch: unknown }> = [];
  const d: NodeIpamDeps = {
    getNode: (name) => cache.get(name),
    patchNode: async (name, patch) => {
      if (failPatch) throw new Error('apiserver unavailable');
      patches.push({ name, patch });
      return {};
    },
    cidrs: new CidrSet('10.244.0.0/16'),
    assigned: new Map(),
  };
  return { d, cache, patches };
}

const node = (name: string, podCIDR?: string): Node => ({ metadata: { name }, spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {} });

test('a node without a podCIDR gets the next free /24, skipping those other nodes hold', async (t) => {
  const { d, patches } = deps([node('a', '10.244.0.0/24'), node('b')]);
  await syncNode('a', d);
  await syncNode('b', d);
  t.deepEqual(patches, [{ name: 'b', patch: { spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] } } }]);
});

test('syncing again before the cache shows the patch writes the same subnet, not a second one', async (t) => {
  const { d, patches } = deps([node('b')]);
  await syncNode('b', d);
  await syncNode('b', d);
  t.deepEqual(patches.map((p) => (p.patch as { spec: { podCIDR: string } }).spec.podCIDR), ['10.244.0.0/24', '10.244.0.0/24']);
  t.is(d.cidrs.free, 255);
});

test('a deleted node gives its subnet back; a failed patch takes nothing', async (t) => {
  const { d, cache } = deps([node('a', '10.244.0.0/24')]);
  await syncNode('a', d);
  cache.delete('a');
  await syncNode('a', d);
  t.is(d.cidrs.free, 256);
  const failing = deps([node('c')], true);
  await t.throwsAsync(syncNode('c', failing.d), { message: 'apiserver unavailable' });
  t.is(failing.d.cidrs.free, 256);
  t.false(failing.d.assigned.has('c'));
});

test('subnets nodes already hold are taken before any sync, so a node synced first cannot get one of them', async (t) => {
  const nodes = [node('new'), node('old', '10.244.0.0/24')];
  const { d, patches } = deps(nodes);
  occupyExisting(nodes, d);
  await syncNode('new', d);
  t.is((patches[0]!.patch as { spec: { podCIDR: string } }).spec.podCIDR, '10.244.1.0/24');
});
