import { access, mkdtemp, readFile, readdir, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import type { Pod, Volume } from 'kubernetes-types/core/v1.js';
import { VolumeSetUpError } from '../errors.js';
import { FakeObjects, makePod } from '../test-support.js';
import { VolumeManager, type VolumeSources } from './volume-manager.js';

interface Fixture {
  root: string;
  objects: FakeObjects;
  manager: VolumeManager;
  tokenRequests: string[];
}

async function fixture(t: { teardown(fn: () => Promise<void>): void }, withTokens = true): Promise<Fixture> {
  const root = await mkdtemp(join(tmpdir(), 'kubeling-volumes-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const objects = new FakeObjects();
  const tokenRequests: string[] = [];
  const sources: VolumeSources = {
    getConfigMap: (ns, name) => objects.getConfigMap(ns, name),
    getSecret: (ns, name) => objects.getSecret(ns, name),
    nodeAllocatable: () => ({ cpu: '4', memory: '2Gi' }),
    requestToken: withTokens
      ? async (ns, sa, audience, exp, podName, podUid) => {
          tokenRequests.push(`${ns}/${sa}/${audience}/${exp}/${podName}/${podUid}`);
          return `jwt-${tokenRequests.length}`;
        }
      : undefined,
  };
  return { root, objects, manager: new VolumeManager(root, sources), tokenRequests };
}

const podWith = (...volumes: Volume[]): Pod => makePod({ volumes });
const volumeDir = (root: string, plugin: string, name: string) => join(root, 'pods', 'uid-1', 'volumes', plugin, name);
const read = (dir: string, file: string) => readFile(join(dir, file), 'utf8');
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

test('emptyDir: a world-writable directory; medium Memory: a tmpfs with the size limit', async (t) => {
  const { root, manager } = await fixture(t);
  const volumes = await manager.setUp(podWith({ name: 'scratch', emptyDir: {} }, { name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }));
  const dir = volumeDir(root, 'kubernetes.io~empty-dir', 'scratch');
  t.deepEqual(volumes.get('scratch'), { path: dir, readOnly: false, selinuxRelabel: true });
  t.is(await modeOf(dir), 0o777);
  t.deepEqual(volumes.get('mem'), { path: '', readOnly: false, selinuxRelabel: true, tmpfs: { sizeBytes: 64n * 1024n * 1024n } });
});

test('hostPath: type checked, mounted as is', async (t) => {
  const { root, manager } = await fixture(t);
  const path = join(root, 'host/data');
  const volumes = await manager.setUp(podWith({ name: 'h', hostPath: { path, type: 'DirectoryOrCreate' } }));
  t.deepEqual(volumes.get('h'), { path, readOnly: false, selinuxRelabel: false });
  const error = await t.throwsAsync(manager.setUp(podWith({ name: 'bad', hostPath: { path, type: 'File' } })), { instanceOf: VolumeSetUpError });
  t.is(error.message, `MountVolume.SetUp failed for volume "bad" : hostPath type check failed: ${path} is not a file`);
});

test('configMap: every key with defaultMode, or items with path and mode; updates are atomic', async (t) => {
  const { root, objects, manager } = await fixture(t);
  objects.setConfigMap('ns', 'cfg', { 'app.conf': 'v1', other: 'o' }, { 'bin.dat': Buffer.from([0, 1, 2]).toString('base64') });
  const pod = podWith({ name: 'all', configMap: { name: 'cfg', defaultMode: 0o440 } }, { name: 'some', configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o600 }] } });
  const volumes = await manager.setUp(pod);
  const all = volumeDir(root, 'kubernetes.io~configmap', 'all');
  const some = volumeDir(root, 'kubernetes.io~configmap', 'some');
  t.deepEqual(volumes.get('all'), { path: all, readOnly: true, selinuxRelabel: true });
  t.is(await read(all, 'app.conf'), 'v1');
  t.deepEqual(await readFile(join(all, 'bin.dat')), Buffer.from([0, 1, 2]));
  t.is(await modeOf(join(all, 'other')), 0o440);
  t.is(await read(some, 'conf/app.conf'), 'v1');
  t.is(await modeOf(join(some, 'conf/app.conf')), 0o600);
  t.deepEqual((await readdir(some)).filter((n) => !n.startsWith('..')), ['conf']);

  const before = await readlink(join(all, '..data'));
  await manager.refresh(pod);
  t.is(await readlink(join(all, '..data')), before, 'no change, no rewrite');

  objects.setConfigMap('ns', 'cfg', { 'app.conf': 'v2' });
  await manager.refresh(pod);
  t.not(await readlink(join(all, '..data')), before);
  t.is(await read(all, 'app.conf'), 'v2');
  t.is(await read(some, 'conf/app.conf'), 'v2');
  await t.throwsAsync(access(join(all, 'other')));
  // The old generation is gone: only the new data directory remains.
  t.is((await readdir(all)).filter((n) => n.startsWith('..') && n !== '..data').length, 1);
});

test('configMap and secret: missing objects and keys, optional or not', async (t) => {
  const { root, objects, manager } = await fixture(t);
  objects.setConfigMap('ns', 'cfg', { a: '1' });
  const missing = await t.throwsAsync(manager.setUp(podWith({ name: 'v', configMap: { name: 'absent' } })), { instanceOf: VolumeSetUpError });
  t.is(missing.message, 'MountVolume.SetUp failed for volume "v" : configmap "absent" not found');
  const key = await t.throwsAsync(manager.setUp(podWith({ name: 'v', configMap: { name: 'cfg', items: [{ key: 'zz', path: 'zz' }] } })));
  t.is(key.message, 'MountVolume.SetUp failed for volume "v" : configmap references non-existent config key: zz');
  const secret = await t.throwsAsync(manager.setUp(podWith({ name: 's', secret: { secretName: 'nope' } })));
  t.is(secret.message, 'MountVolume.SetUp failed for volume "s" : secret "nope" not found');

  const volumes = await manager.setUp(podWith({ name: 'opt', configMap: { name: 'absent', optional: true } }, { name: 'optkey', configMap: { name: 'cfg', optional: true, items: [{ key: 'zz', path: 'zz' }, { key: 'a', path: 'a' }] } }));
  t.deepEqual((await readdir(volumes.get('opt')!.path)).filter((n) => !n.startsWith('..')), []);
  t.deepEqual((await readdir(volumeDir(root, 'kubernetes.io~configmap', 'optkey'))).filter((n) => !n.startsWith('..')), ['a']);

  // A once-missing optional ConfigMap appears on refresh.
  const pod = podWith({ name: 'opt', configMap: { name: 'absent', optional: true } });
  objects.setConfigMap('ns', 'absent', { now: 'here' });
  await manager.refresh(pod);
  t.is(await read(volumes.get('opt')!.path, 'now'), 'here');
});

test('secret: decoded data, default mode 0644, items', async (t) => {
  const { root, objects, manager } = await fixture(t);
  objects.setSecret('ns', 'creds', { user: 'admin', pass: 'pw' });
  await manager.setUp(podWith({ name: 's', secret: { secretName: 'creds' } }, { name: 'i', secret: { secretName: 'creds', items: [{ key: 'pass', path: 'p/pass', mode: 0o400 }] } }));
  const dir = volumeDir(root, 'kubernetes.io~secret', 's');
  t.is(await read(dir, 'user'), 'admin');
  t.is(await modeOf(join(dir, 'pass')), 0o644);
  const items = volumeDir(root, 'kubernetes.io~secret', 'i');
  t.is(await read(items, 'p/pass'), 'pw');
  t.is(await modeOf(join(items, 'p/pass')), 0o400);
});

test('downwardAPI: fields and resources, rewritten when labels change', async (t) => {
  const { root, manager } = await fixture(t);
  const pod = podWith({
    name: 'info',
    downwardAPI: {
      items: [
        { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
        { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
        { path: 'cpu_limit', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu', divisor: '1m' } },
      ],
    },
  });
  await manager.setUp(pod);
  const dir = volumeDir(root, 'kubernetes.io~downward-api', 'info');
  t.is(await read(dir, 'labels'), 'app="web"');
  t.is(await read(dir, 'name'), 'web');
  t.is(await read(dir, 'cpu_limit'), '4000');
  pod.metadata!.labels = { app: 'web', version: '2' };
  await manager.refresh(pod);
  t.is(await read(dir, 'labels'), 'app="web"\nversion="2"');
});

test('projected: configMap, secret, downwardAPI and serviceAccountToken in one directory', async (t) => {
  const { root, objects, manager, tokenRequests } = await fixture(t);
  objects.setConfigMap('ns', 'kube-root-ca.crt', { 'ca.crt': 'CA' });
  objects.setSecret('ns', 'creds', { user: 'admin' });
  const pod = podWith({
    name: 'kube-api-access',
    projected: {
      defaultMode: 0o420,
      sources: [
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { secret: { name: 'creds' } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  });
  const volumes = await manager.setUp(pod);
  const dir = volumeDir(root, 'kubernetes.io~projected', 'kube-api-access');
  t.deepEqual(volumes.get('kube-api-access'), { path: dir, readOnly: true, selinuxRelabel: true });
  t.is(await read(dir, 'token'), 'jwt-1');
  t.is(await read(dir, 'ca.crt'), 'CA');
  t.is(await read(dir, 'user'), 'admin');
  t.is(await read(dir, 'namespace'), 'ns');
  t.is(await modeOf(join(dir, 'token')), 0o420);
  t.deepEqual(tokenRequests, ['ns/sa//3607/web/uid-1']);
  await manager.refresh(pod);
  t.is(tokenRequests.length, 1, 'the token is reused while fresh');

  const failing = await t.throwsAsync(manager.setUp(podWith({ name: 'p', projected: { sources: [{ configMap: { name: 'x' } }, { secret: { name: 'y' } }] } })));
  t.is(failing.message, 'MountVolume.SetUp failed for volume "p" : [configmap "x" not found, secret "y" not found]');
});

test('projected serviceAccountToken without a token source is skipped', async (t) => {
  const { root, manager } = await fixture(t, false);
  await manager.setUp(podWith({ name: 'p', projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } }] } }));
  const dir = volumeDir(root, 'kubernetes.io~projected', 'p');
  t.deepEqual((await readdir(dir)).filter((n) => !n.startsWith('..')), ['n']);
});

test('unsupported volume types fail; tearDown removes the volumes and stops refreshes', async (t) => {
  const { root, objects, manager } = await fixture(t);
  const unsupported = await t.throwsAsync(manager.setUp(podWith({ name: 'claim', persistentVolumeClaim: { claimName: 'c' } })));
  t.is(unsupported.message, "MountVolume.SetUp failed for volume \"claim\" : volume type is not supported by Kubeling's kubelet");

  objects.setConfigMap('ns', 'cfg', { a: '1' });
  const pod = podWith({ name: 'c', configMap: { name: 'cfg' } }, { name: 'e', emptyDir: {} });
  const volumes = await manager.setUp(pod);
  t.deepEqual(manager.mountsFor(pod, { name: 'app', volumeMounts: [{ name: 'c', mountPath: '/c' }] }, volumes).map((m) => [m.hostPath, m.readonly]), [[volumes.get('c')!.path, true]]);
  await manager.tearDown('uid-1');
  await t.throwsAsync(access(join(root, 'pods', 'uid-1', 'volumes')));
  await manager.refresh(pod);
  await t.throwsAsync(access(join(root, 'pods', 'uid-1', 'volumes')), undefined, 'refresh does not bring a torn-down pod back');
});

test('overlapping refreshes write one at a time; a failing volume keeps its files and the others still refresh', async (t) => {
  const { root, objects, manager } = await fixture(t);
  objects.setConfigMap('ns', 'a', { k: '1' });
  objects.setConfigMap('ns', 'b', { k: '1' });
  const pod = podWith({ name: 'a', configMap: { name: 'a' } }, { name: 'b', configMap: { name: 'b' } });
  await manager.setUp(pod);
  objects.setConfigMap('ns', 'a', { k: '2', extra: 'x' });
  await Promise.all([manager.refresh(pod), manager.refresh(pod), manager.refresh(pod)]);
  const a = volumeDir(root, 'kubernetes.io~configmap', 'a');
  t.is(await read(a, 'k'), '2');
  t.is((await readdir(a)).filter((n) => n.startsWith('..') && n !== '..data').length, 1);

  objects.configMaps.delete('ns/a');
  objects.setConfigMap('ns', 'b', { k: '3' });
  const error = await t.throwsAsync(manager.refresh(pod), { instanceOf: VolumeSetUpError });
  t.is(error.message, 'MountVolume.SetUp failed for volume "a" : configmap "a" not found');
  t.is(await read(a, 'k'), '2');
  t.is(await read(volumeDir(root, 'kubernetes.io~configmap', 'b'), 'k'), '3');
});
