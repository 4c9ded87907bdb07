// What `up` checks before it starts anything, each failure saying plainly what is wrong and
// how to fix it (kind's preflight checks): Docker for the kubelets, iptables for the proxy,
// and the kernel limits many watching processes need.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Check {
  title: string;
  /** Undefined when it holds; else what is wrong and how to fix it. */
  problem(): Promise<string | undefined>;
}

/** A number from a /proc file, or undefined when it cannot be read. */
function procNumber(path: string, pattern?: RegExp): number | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const match = pattern ? pattern.exec(text) : /\d+/.exec(text);
    return match ? Number(match[1] ?? match[0]) : undefined;
  } catch {
    return undefined;
  }
}

export const dockerReachable: Check = {
  title: 'Docker is reachable',
  async problem() {
    try {
      await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 15_000 });
      return undefined;
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      return missing
        ? 'the docker command is not installed: run ./hack/setup (apt-get install docker.io)'
        : 'the Docker engine does not answer on /var/run/docker.sock: start it (`dockerd &`, or `systemctl start docker`), or run ./hack/setup';
    }
  },
};

export const iptablesPresent: Check = {
  title: 'iptables is present',
  async problem() {
    return run('iptables', ['--version'], { timeout: 10_000 }).then(
      () => undefined,
      () => 'iptables is not installed: run ./hack/setup (apt-get install iptables)',
    );
  },
};

/** Each kubelet and informer-heavy process holds inotify instances; Debian's default of 128 runs out with several nodes. */
export function inotifyInstances(min = 128): Check {
  return {
    title: `inotify allows at least ${min} instances per user`,
    async problem() {
      const have = procNumber('/proc/sys/fs/inotify/max_user_instances');
      if (have === undefined || have >= min) return undefined;
      return `fs.inotify.max_user_instances is ${have}: raise it with \`sysctl -w fs.inotify.max_user_instances=${Math.max(min, 512)}\``;
    },
  };
}

/** Watches and connections each take a descriptor. */
export function openFiles(min = 4096): Check {
  return {
    title: `at least ${min} open files per process`,
    async problem() {
      const have = procNumber('/proc/self/limits', /Max open files\s+(\d+)/);
      if (have === undefined || have >= min) return undefined;
      return `the open-file limit is ${have}: raise it with \`ulimit -n ${min}\` in the shell that runs kubeling`;
    },
  };
}

/** The checks for a cluster of `nodes` kubelets: without nodes, Docker and iptables are not needed. */
export function preconditions(nodes: number): Check[] {
  return [...(nodes > 0 ? [dockerReachable, iptablesPresent] : []), inotifyInstances(), openFiles()];
}
