import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A process Kubeling runs: its entry script (run as its own process, never imported). */
export interface Component {
  name: string;
  entry: string;
  /** V8 flags the process runs with. */
  nodeOptions: string[];
  /** Not part of a cluster `up` starts: only run in the foreground (`kubeling <name> [flags]`). */
  foregroundOnly?: true;
  /** Started once per node, each recorded as `<name>-<node>`. */
  perNode?: true;
}

/** Every component, in start order (stop goes in reverse). Later issues add theirs here. */
export const COMPONENTS: readonly Component[] = [
  // A larger young generation: the store allocates a little per request, and fewer
  // scavenges cut its CPU per put by about a fifth (pnpm bench store).
  { name: 'store', entry: 'services/store/src/main.ts', nodeOptions: ['--max-semi-space-size=32'] },
  // The apiserver makes short-lived JSON objects for every request: the same holds.
  { name: 'apiserver', entry: 'services/apiserver/src/main.ts', nodeOptions: ['--max-semi-space-size=32'] },
  // So does the scheduler, decoding every pod and node event of its informers.
  { name: 'scheduler', entry: 'services/scheduler/src/main.ts', nodeOptions: ['--max-semi-space-size=32'] },
  { name: 'controller-manager', entry: 'services/controller-manager/src/main.ts', nodeOptions: ['--max-semi-space-size=32'] },
  // Fake nodes for benchmarks (kubemark's hollow nodes); a cluster gets real kubelets.
  { name: 'hollow-node', entry: 'services/kubelet/src/hollow/main.ts', nodeOptions: [], foregroundOnly: true },
  // One per node: `up --nodes K` starts them after the control plane, as kubelet-<node>.
  { name: 'kubelet', entry: 'services/kubelet/src/main.ts', nodeOptions: ['--max-semi-space-size=32'], perNode: true },
];

/** The control plane `up` starts, in order, before the nodes. */
export const CLUSTER_COMPONENTS: readonly Component[] = COMPONENTS.filter((c) => !c.foregroundOnly && !c.perNode);

export const KUBELET = COMPONENTS.find((c) => c.name === 'kubelet')!;

export function component(name: string): Component | undefined {
  return COMPONENTS.find((c) => c.name === name);
}

/** node arguments that run a component's TypeScript entry, wherever the CLI is started from. */
export function nodeArgs(c: Component, args: string[]): string[] {
  return [...c.nodeOptions, '--import', import.meta.resolve('tsx'), resolve(repoRoot, c.entry), ...args];
}
