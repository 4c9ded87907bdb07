import test from 'ava';
import { execFileSync } from 'node:child_process';
import { BUSYBOX_IMAGE, PAUSE_IMAGE, ensureImages, imageExists } from './images.js';

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', timeout: 60_000 });

test('the images build offline; busybox runs its applets; pause ends at once on SIGTERM', async (t) => {
  await ensureImages();
  t.true(await imageExists(PAUSE_IMAGE.name));
  t.is(docker('run', '--rm', '--label', 'io.kubeling.cluster=images-test', BUSYBOX_IMAGE.name, 'sh', '-c', 'echo hi; ls /bin/httpd /bin/nc'), 'hi\n/bin/httpd\n/bin/nc\n');
  const id = docker('run', '-d', '--label', 'io.kubeling.cluster=images-test', PAUSE_IMAGE.name).trim();
  try {
    const started = Date.now();
    docker('stop', '-t', '10', id);
    t.true(Date.now() - started < 8_000, 'stopped by SIGTERM, not by the kill after 10 s');
  } finally {
    docker('rm', '-f', id);
  }
});
