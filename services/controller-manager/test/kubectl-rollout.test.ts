// The real kubectl 1.32 driving deployments through the Deployment controller: create, rollout
// status, set image, history, undo, pause and resume, scale; against a real store and
// apiserver, a controller-manager running the deployment and replicaset controllers, the
// scheduler and hollow nodes.
import test from 'ava';
import type { KubeObject } from '@kubeling/client';
import { waitFor } from '@kubeling/testing';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import { startComponents, useCluster } from './cluster-fixture.js';

const WAIT = { timeoutMs: 120_000, intervalMs: 250 };

const fixture = useCluster();

test.before(() => startComponents(fixture, { controllers: ['deployment-controller', 'replicaset-controller', 'garbage-collector-controller'], scheduler: true, hollowNodes: 3 }));

/** kubectl that must succeed: its stdout. */
async function ok(...args: string[]): Promise<string> {
  const result = await fixture.kubectl(args);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

const getDeployment = (name: string) => fixture.client.get<Deployment & KubeObject>({ group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default', name });
const rolloutStatus = (name: string) => ok('rollout', 'status', `deploy/${name}`, '--timeout=120s');

test.serial('create, rollout status, set image, history, undo', async (t) => {
  t.is(await ok('create', 'deployment', 'web', '--image=nginx:1', '--replicas=3'), 'deployment.apps/web created\n');
  t.regex(await rolloutStatus('web'), /deployment "web" successfully rolled out\n$/);
  t.is((await getDeployment('web')).status?.availableReplicas, 3);

  t.is(await ok('set', 'image', 'deploy/web', 'nginx=nginx:2'), 'deployment.apps/web image updated\n');
  t.regex(await rolloutStatus('web'), /deployment "web" successfully rolled out\n$/);
  // The deployment's annotations go to its new ReplicaSet only: revision 1 keeps none.
  await ok('annotate', 'deploy/web', 'kubernetes.io/change-cause=image nginx:2');

  const history = await waitFor(async () => {
    const text = await ok('rollout', 'history', 'deploy/web');
    return /^2\s+image nginx:2$/m.test(text) ? text : undefined;
  }, { ...WAIT, what: 'the change-cause in the history' });
  t.regex(history, /REVISION\s+CHANGE-CAUSE/);
  t.regex(history, /^1\s+<none>$/m);
  t.regex(history, /^2\s+image nginx:2$/m);

  t.is(await ok('rollout', 'undo', 'deploy/web'), 'deployment.apps/web rolled back\n');
  t.regex(await rolloutStatus('web'), /deployment "web" successfully rolled out\n$/);
  const d = await waitFor(async () => {
    const got = await getDeployment('web');
    return (got.metadata?.annotations as Record<string, string>)['deployment.kubernetes.io/revision'] === '3' ? got : undefined;
  }, { ...WAIT, what: 'revision 3' });
  t.is(d.spec?.template?.spec?.containers[0].image, 'nginx:1');
  t.regex(await ok('rollout', 'history', 'deploy/web'), /^3\s+/m);
});

test.serial('pause holds a template change back, resume rolls it out; scale converges', async (t) => {
  t.is(await ok('create', 'deployment', 'paused', '--image=nginx:1', '--replicas=2'), 'deployment.apps/paused created\n');
  await rolloutStatus('paused');
  t.is(await ok('rollout', 'pause', 'deploy/paused'), 'deployment.apps/paused paused\n');
  await ok('set', 'image', 'deploy/paused', 'nginx=nginx:2');
  await waitFor(async () => {
    const d = await getDeployment('paused');
    return (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && d.status?.conditions?.some((c) => c.reason === 'DeploymentPaused');
  }, { ...WAIT, what: 'the paused change observed' });
  t.is((await getDeployment('paused')).status?.updatedReplicas ?? 0, 0);

  t.is(await ok('rollout', 'resume', 'deploy/paused'), 'deployment.apps/paused resumed\n');
  t.regex(await rolloutStatus('paused'), /deployment "paused" successfully rolled out\n$/);
  t.is((await getDeployment('paused')).status?.updatedReplicas, 2);

  t.is(await ok('scale', 'deploy/paused', '--replicas=5'), 'deployment.apps/paused scaled\n');
  t.regex(await rolloutStatus('paused'), /successfully rolled out/);
  await waitFor(async () => (await getDeployment('paused')).status?.availableReplicas === 5, { ...WAIT, what: '5 available' });
  t.is(await ok('scale', 'deploy/paused', '--replicas=1'), 'deployment.apps/paused scaled\n');
  await waitFor(async () => {
    const s = (await getDeployment('paused')).status;
    return s?.replicas === 1 && s.availableReplicas === 1;
  }, { ...WAIT, what: 'one replica' });
  t.pass();
});

test.serial('kubectl delete takes the ReplicaSets and pods with the deployment; --cascade=orphan keeps them, ownerless', async (t) => {
  const selected = async (resource: string, app: string) =>
    (await fixture.client.list({ group: resource === 'pods' ? '' : 'apps', version: 'v1', resource, namespace: 'default' }, { labelSelector: `app=${app}` })).items;
  for (const name of ['doomed', 'kept']) {
    await ok('create', 'deployment', name, '--image=nginx:1', '--replicas=2');
    await rolloutStatus(name);
  }

  t.is(await ok('delete', 'deployment', 'doomed'), 'deployment.apps "doomed" deleted\n');
  await waitFor(async () => (await selected('replicasets', 'doomed')).length === 0 && (await selected('pods', 'doomed')).length === 0, { ...WAIT, what: 'the ReplicaSet and pods collected' });

  t.is(await ok('delete', 'deployment', 'kept', '--cascade=orphan'), 'deployment.apps "kept" deleted\n');
  const sets = await selected('replicasets', 'kept');
  t.is(sets.length, 1);
  t.deepEqual(sets[0]!.metadata?.ownerReferences ?? [], [], 'the ReplicaSet is an orphan now');
  const pods = await selected('pods', 'kept');
  t.is(pods.length, 2);
  t.true(pods.every((p) => (p.metadata?.ownerReferences as Array<{ uid: string }>)[0]?.uid === sets[0]!.metadata?.uid), 'the pods still belong to their ReplicaSet');
});
