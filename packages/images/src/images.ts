// The images Kubeling builds without a registry (DESIGN §5): a pause image for pod sandboxes
// and a busybox image for tests and examples, both imported into the local Docker engine
// from Debian's busybox-static.
import { execFile, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { busyboxRootfs } from './busybox-rootfs.js';

const run = promisify(execFile);

export interface ImageSpec {
  name: string;
  /** Dockerfile instructions `docker import --change` takes (CMD, ENTRYPOINT, ENV, LABEL, WORKDIR). */
  changes: string[];
}

/** The sandbox image: PID 1 waits forever, reaps orphans and ends on SIGTERM or SIGINT. */
export const PAUSE_IMAGE: ImageSpec = {
  name: 'kubeling/pause:1',
  changes: ['ENTRYPOINT ["/bin/sh", "-c", "trap \'exit 0\' TERM INT; while :; do sleep 3600 & wait $!; done"]', 'LABEL io.kubeling.image=pause'],
};

/** busybox with every applet (sh, httpd, nc, wget, ...): the image tests and examples run. */
export const BUSYBOX_IMAGE: ImageSpec = {
  name: 'kubeling/busybox:1',
  changes: ['CMD ["/bin/sh"]', 'ENV PATH=/bin', 'LABEL io.kubeling.image=busybox'],
};

export const PROJECT_IMAGES: readonly ImageSpec[] = [PAUSE_IMAGE, BUSYBOX_IMAGE];

export async function imageExists(name: string): Promise<boolean> {
  return run('docker', ['image', 'inspect', '--format', '{{.Id}}', name]).then(
    () => true,
    () => false,
  );
}

/** `tar` of a busybox root piped into `docker import` with the image's changes. */
export async function buildImage(spec: ImageSpec): Promise<void> {
  const root = busyboxRootfs();
  try {
    await new Promise<void>((resolve, reject) => {
      const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const args = ['import', ...spec.changes.flatMap((c) => ['--change', c]), '-', spec.name];
      const docker = spawn('docker', args, { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      docker.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      tar.stdout.pipe(docker.stdin);
      tar.on('error', reject);
      docker.on('error', reject);
      docker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker import ${spec.name} failed: ${stderr.trim()}`))));
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Builds the project's images that the engine lacks (all of them with `force`); returns those built. */
export async function ensureImages(options: { force?: boolean } = {}): Promise<string[]> {
  const built: string[] = [];
  for (const spec of PROJECT_IMAGES) {
    if (!options.force && (await imageExists(spec.name))) continue;
    await buildImage(spec);
    built.push(spec.name);
  }
  return built;
}
