// A root filesystem holding Debian's busybox-static and a link per applet: the whole userland
// of the images the project builds offline.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian's busybox-static puts its binary. */
export const BUSYBOX = '/bin/busybox';

/** Makes the tree in a new temporary folder and returns it; the caller removes it. */
export function busyboxRootfs(): string {
  const root = mkdtempSync(join(tmpdir(), 'kubeling-rootfs-'));
  for (const dir of ['bin', 'tmp', 'etc', 'proc', 'sys', 'dev', 'var/www', 'root']) mkdirSync(join(root, dir), { recursive: true });
  copyFileSync(BUSYBOX, join(root, 'bin/busybox'));
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && a !== 'busybox');
  for (const applet of applets) symlinkSync('busybox', join(root, 'bin', applet));
  return root;
}
