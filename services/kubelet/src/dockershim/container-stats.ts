import type Docker from 'dockerode';
import type { ContainerStats, ContainerStatsFilter } from '@kubeling/proto/cri';
import type { ShimContext } from './context.js';
import { isDockerNotFound } from './errors.js';
import { CONTAINER_NAME, SANDBOX_ID, attemptOf, fromDockerLabels, matchesSelector } from './labels.js';
import { inspectOwned, listOwned } from './owned-containers.js';
import { nowNanos, rfc3339ToNanos } from './timestamps.js';

interface DockerStats {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
}

const u64 = (n: number | undefined) => (n === undefined ? undefined : { value: BigInt(Math.max(0, Math.trunc(n))) });

/** CRI stats from one `docker stats --no-stream` sample; working set = usage - inactive file pages, as cAdvisor. */
export function toCriStats(id: string, dockerLabels: Record<string, string> | undefined, s: DockerStats): ContainerStats {
  const timestamp = rfc3339ToNanos(s.read) || nowNanos();
  const mem = s.memory_stats ?? {};
  const inactive = mem.stats?.total_inactive_file ?? mem.stats?.inactive_file ?? 0;
  const workingSet = mem.usage === undefined ? undefined : Math.max(0, mem.usage - inactive);
  const { labels, annotations } = fromDockerLabels(dockerLabels);
  return {
    attributes: { id, metadata: { name: dockerLabels?.[CONTAINER_NAME] ?? '', attempt: attemptOf(dockerLabels) }, labels, annotations },
    cpu: { timestamp, usageCoreNanoSeconds: u64(s.cpu_stats?.cpu_usage?.total_usage), usageNanoCores: undefined },
    memory: {
      timestamp,
      workingSetBytes: u64(workingSet),
      availableBytes: mem.limit !== undefined && workingSet !== undefined ? u64(mem.limit - workingSet) : undefined,
      usageBytes: u64(mem.usage),
      rssBytes: u64(mem.stats?.total_rss ?? mem.stats?.anon),
      pageFaults: u64(mem.stats?.total_pgfault ?? mem.stats?.pgfault),
      majorPageFaults: u64(mem.stats?.total_pgmajfault ?? mem.stats?.pgmajfault),
    },
    writableLayer: undefined,
  };
}

const sample = async (container: Docker.Container) =>
  (await container.stats({ stream: false, 'one-shot': true } as { stream: false })) as unknown as DockerStats;

export class ContainerStatsReader {
  constructor(private readonly ctx: ShimContext) {}

  async one(id: string): Promise<ContainerStats> {
    const info = await inspectOwned(this.ctx, id, 'container');
    return toCriStats(info.Id, info.Config.Labels, await sample(this.ctx.docker.getContainer(info.Id)));
  }

  /** Stats of the running containers that match; one that goes away meanwhile is skipped. */
  async list(filter: ContainerStatsFilter | undefined): Promise<ContainerStats[]> {
    const running = (await listOwned(this.ctx, 'container')).filter(
      (c) =>
        c.State === 'running' &&
        (!filter?.id || c.Id.startsWith(filter.id)) &&
        (!filter?.podSandboxId || (c.Labels?.[SANDBOX_ID] ?? '').startsWith(filter.podSandboxId)) &&
        matchesSelector(fromDockerLabels(c.Labels).labels, filter?.labelSelector),
    );
    const stats = await Promise.all(
      running.map(async (c) => {
        try {
          return toCriStats(c.Id, c.Labels, await sample(this.ctx.docker.getContainer(c.Id)));
        } catch (err) {
          if (isDockerNotFound(err)) return undefined;
          throw err;
        }
      }),
    );
    return stats.filter((s): s is ContainerStats => s !== undefined);
  }
}
