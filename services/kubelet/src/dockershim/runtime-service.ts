import { status as GrpcCode, type ServerWritableStream } from '@grpc/grpc-js';
import type { ContainerLogsRequest, ContainerLogsResponse, RuntimeCondition, RuntimeServiceServer } from '@kubeling/proto/cri';
import type { ShimContext } from './context.js';
import { ContainerStatsReader } from './container-stats.js';
import { Containers } from './containers.js';
import { CriError, dockerMessage, toServiceError } from './errors.js';
import { unary } from './grpc-handler.js';
import { LOG_PATH } from './labels.js';
import { streamLogs } from './log-stream.js';
import { inspectOwned } from './owned-containers.js';
import { PodSandboxes } from './sandbox.js';

/** The CRI API version dockershim reported. */
const CRI_VERSION = '0.1.0';

const condition = (type: string, status: boolean, reason = '', message = ''): RuntimeCondition => ({ type, status, reason, message });

/** RuntimeReady when Docker answers; NetworkReady when, besides, the network exists and the pod CIDR is set. */
async function runtimeConditions(ctx: ShimContext): Promise<RuntimeCondition[]> {
  try {
    await ctx.docker.ping();
  } catch (err) {
    const message = `docker: failed to get docker version: ${dockerMessage(err)}`;
    return [condition('RuntimeReady', false, 'DockerDaemonNotReady', message), condition('NetworkReady', false, 'NetworkPluginNotReady', message)];
  }
  let network = '';
  try {
    await ctx.network.ensure();
  } catch (err) {
    network = `docker network ${ctx.network.name}: ${dockerMessage(err)}`;
  }
  if (!network && !ctx.podIps.podCidr) network = 'pod CIDR not set';
  return [condition('RuntimeReady', true), network ? condition('NetworkReady', false, 'NetworkPluginNotReady', `docker: network plugin is not ready: ${network}`) : condition('NetworkReady', true)];
}

const unimplemented = (what: string) => async () => {
  throw new CriError(GrpcCode.UNIMPLEMENTED, `${what} streaming is not served by the dockershim; use ExecSync or ContainerLogs`);
};

/** Kubeling's ContainerLogs: the container's CRI log file as a stream of lines. */
function containerLogs(ctx: ShimContext) {
  return (call: ServerWritableStream<ContainerLogsRequest, ContainerLogsResponse>): void => {
    const abort = new AbortController();
    call.on('cancelled', () => abort.abort());
    (async () => {
      const info = await inspectOwned(ctx, call.request.containerId, 'container');
      const live = async () => ctx.logs.isCopying(info.Id) || (await ctx.docker.getContainer(info.Id).inspect().then((i) => i.State.Running, () => false));
      for await (const line of streamLogs({ path: info.Config.Labels?.[LOG_PATH] ?? '', live }, call.request, abort.signal)) {
        if (!call.write(line)) await new Promise((r) => call.once('drain', r));
      }
      call.end();
    })().catch((err) => call.emit('error', toServiceError(err)));
  };
}

/** CRI's RuntimeService on the Docker engine. */
export function runtimeService(ctx: ShimContext): RuntimeServiceServer {
  const sandboxes = new PodSandboxes(ctx);
  const containers = new Containers(ctx);
  const stats = new ContainerStatsReader(ctx);
  const log = ctx.log;
  return {
    version: unary(log, 'Version', async () => {
      const v = await ctx.docker.version();
      return { version: CRI_VERSION, runtimeName: 'docker', runtimeVersion: v.Version, runtimeApiVersion: v.ApiVersion };
    }),
    status: unary(log, 'Status', async () => ({ status: { conditions: await runtimeConditions(ctx) }, info: {} })),
    updateRuntimeConfig: unary(log, 'UpdateRuntimeConfig', async (req) => {
      const cidr = req.runtimeConfig?.networkConfig?.podCidr;
      if (cidr) await ctx.podIps.setPodCidr(cidr);
      return {};
    }),
    runPodSandbox: unary(log, 'RunPodSandbox', async (req) => ({ podSandboxId: await sandboxes.run(req) })),
    stopPodSandbox: unary(log, 'StopPodSandbox', async (req) => (await sandboxes.stop(req.podSandboxId), {})),
    removePodSandbox: unary(log, 'RemovePodSandbox', async (req) => (await sandboxes.remove(req.podSandboxId), {})),
    podSandboxStatus: unary(log, 'PodSandboxStatus', (req) => sandboxes.status(req.podSandboxId)),
    listPodSandbox: unary(log, 'ListPodSandbox', async (req) => ({ items: await sandboxes.list(req.filter) })),
    createContainer: unary(log, 'CreateContainer', async (req) => ({ containerId: await containers.create(req) })),
    startContainer: unary(log, 'StartContainer', async (req) => (await containers.start(req.containerId), {})),
    stopContainer: unary(log, 'StopContainer', async (req) => (await containers.stop(req.containerId, Number(req.timeout)), {})),
    removeContainer: unary(log, 'RemoveContainer', async (req) => (await containers.remove(req.containerId), {})),
    listContainers: unary(log, 'ListContainers', async (req) => ({ containers: await containers.list(req.filter) })),
    containerStatus: unary(log, 'ContainerStatus', (req) => containers.status(req.containerId)),
    execSync: unary(log, 'ExecSync', (req) => containers.execSync(req)),
    exec: unary(log, 'Exec', unimplemented('exec')),
    attach: unary(log, 'Attach', unimplemented('attach')),
    containerStats: unary(log, 'ContainerStats', async (req) => ({ stats: await stats.one(req.containerId) })),
    listContainerStats: unary(log, 'ListContainerStats', async (req) => ({ stats: await stats.list(req.filter) })),
    containerLogs: containerLogs(ctx),
  };
}
