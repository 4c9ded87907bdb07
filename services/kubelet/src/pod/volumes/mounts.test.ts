import { chmod, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import type { Container } from 'kubernetes-types/core/v1.js';
import { MountPropagation } from '@kubeling/proto/cri';
import { CreateContainerConfigError } from '../errors.js';
import type { VolumeMap } from './mounted-volume.js';
import { makeMounts } from './mounts.js';

async function fixture(t: { teardown(fn: () => Promise<void>): void }) {
  const root = await mkdtemp(join(tmpdir(), 'kubeling-mounts-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const data = join(root, 'data');
  await mkdir(data);
  await chmod(data, 0o777);
  const volumes: VolumeMap = new Map([
    ['data', { path: data, readOnly: false, selinuxRelabel: true }],
    ['config', { path: join(root, 'config'), readOnly: true, selinuxRelabel: true }],
    ['cache', { path: '', readOnly: false, selinuxRelabel: true, tmpfs: { sizeBytes: 1024n } }],
  ]);
  return { root, data, volumes };
}

const container = (volumeMounts: Container['volumeMounts']): Container => ({ name: 'app', volumeMounts });

test('plain mounts: host path, read-only from the mount or the volume, propagation', async (t) => {
  const { data, volumes, root } = await fixture(t);
  const mounts = makeMounts(
    container([
      { name: 'data', mountPath: '/data' },
      { name: 'data', mountPath: '/ro', readOnly: true, mountPropagation: 'HostToContainer' },
      { name: 'config', mountPath: '/etc/config' },
    ]),
    volumes,
  );
  t.deepEqual(mounts, [
    { containerPath: '/data', hostPath: data, readonly: false, selinuxRelabel: true, propagation: MountPropagation.PROPAGATION_PRIVATE, tmpfs: false, tmpfsSizeBytes: 0n },
    { containerPath: '/ro', hostPath: data, readonly: true, selinuxRelabel: true, propagation: MountPropagation.PROPAGATION_HOST_TO_CONTAINER, tmpfs: false, tmpfsSizeBytes: 0n },
    { containerPath: '/etc/config', hostPath: join(root, 'config'), readonly: true, selinuxRelabel: true, propagation: MountPropagation.PROPAGATION_PRIVATE, tmpfs: false, tmpfsSizeBytes: 0n },
  ]);
});

test('an emptyDir of medium Memory is a tmpfs mount with an empty host path', async (t) => {
  const { volumes } = await fixture(t);
  const [mount] = makeMounts(container([{ name: 'cache', mountPath: '/cache' }]), volumes);
  t.deepEqual(mount, { containerPath: '/cache', hostPath: '', readonly: false, selinuxRelabel: true, propagation: MountPropagation.PROPAGATION_PRIVATE, tmpfs: true, tmpfsSizeBytes: 1024n });
  t.throws(() => makeMounts(container([{ name: 'cache', mountPath: '/c', subPath: 'x' }]), volumes), { instanceOf: CreateContainerConfigError });
});

test('subPath: created inside the volume with its mode, resolved, never outside', async (t) => {
  const { data, volumes, root } = await fixture(t);
  const [mount] = makeMounts(container([{ name: 'data', mountPath: '/logs', subPath: 'app/logs' }]), volumes);
  t.is(mount.hostPath, join(data, 'app/logs'));
  t.is((await stat(join(data, 'app/logs'))).mode & 0o777, 0o777);

  await mkdir(join(data, 'real'));
  await symlink('real', join(data, 'link'));
  t.is(makeMounts(container([{ name: 'data', mountPath: '/l', subPath: 'link' }]), volumes)[0].hostPath, join(data, 'real'));

  await symlink(root, join(data, 'escape'));
  const escape = t.throws(() => makeMounts(container([{ name: 'data', mountPath: '/x', subPath: 'escape' }]), volumes), { instanceOf: CreateContainerConfigError });
  t.is(escape.message, 'failed to prepare subPath for volumeMount "data" of container "app"');
  t.is(t.throws(() => makeMounts(container([{ name: 'data', mountPath: '/x', subPath: '/etc' }]), volumes)).message, 'error SubPath `/etc` must not be an absolute path');
  t.is(t.throws(() => makeMounts(container([{ name: 'data', mountPath: '/x', subPath: 'a/../..' }]), volumes)).message, "unable to provision SubPath `a/../..`: must not contain '..'");
});

test('a mount of an unknown volume or with a bad propagation fails', async (t) => {
  const { volumes } = await fixture(t);
  const missing = t.throws(() => makeMounts(container([{ name: 'nope', mountPath: '/x' }]), volumes), { instanceOf: CreateContainerConfigError });
  t.is(missing.message, 'cannot find volume "nope" to mount into container "app"');
  const propagation = t.throws(() => makeMounts(container([{ name: 'data', mountPath: '/x', mountPropagation: 'Sideways' }]), volumes));
  t.is(propagation.message, 'invalid MountPropagation mode: "Sideways"');
});
