// What a cluster leaves in Docker: its pods' containers (labelled io.kubeling.cluster=<name>
// by the kubelets' runtime) and its network. `down` removes them, by that label only.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const clusterNetwork = (name: string) => `kubeling-${name}`;

/** Removes the cluster's containers and network; how many containers went. Nothing to do without Docker. */
export async function removeClusterContainers(name: string): Promise<number> {
  const listed = await run('docker', ['ps', '-aq', '--filter', `label=io.kubeling.cluster=${name}`], { timeout: 30_000 }).catch(() => undefined);
  if (!listed) return 0;
  const ids = listed.stdout.split('\n').filter(Boolean);
  if (ids.length > 0) await run('docker', ['rm', '-f', ...ids], { timeout: 120_000 });
  await run('docker', ['network', 'rm', clusterNetwork(name)], { timeout: 30_000 }).catch(() => undefined);
  return ids.length;
}
