import { credentials, Metadata, type CallOptions, type Client, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import {
  ImageServiceClient,
  RuntimeServiceClient,
  type ContainerLogsRequest,
  type ContainerLogsResponse,
  type ContainerStatsRequest,
  type ContainerStatsResponse,
  type ContainerStatusRequest,
  type ContainerStatusResponse,
  type CreateContainerRequest,
  type CreateContainerResponse,
  type ExecSyncRequest,
  type ExecSyncResponse,
  type ImageFsInfoRequest,
  type ImageFsInfoResponse,
  type ImageStatusRequest,
  type ImageStatusResponse,
  type ListContainerStatsRequest,
  type ListContainerStatsResponse,
  type ListContainersRequest,
  type ListContainersResponse,
  type ListImagesRequest,
  type ListImagesResponse,
  type ListPodSandboxRequest,
  type ListPodSandboxResponse,
  type PodSandboxStatusRequest,
  type PodSandboxStatusResponse,
  type PullImageRequest,
  type PullImageResponse,
  type RemoveContainerRequest,
  type RemoveContainerResponse,
  type RemoveImageRequest,
  type RemoveImageResponse,
  type RemovePodSandboxRequest,
  type RemovePodSandboxResponse,
  type RunPodSandboxRequest,
  type RunPodSandboxResponse,
  type StartContainerRequest,
  type StartContainerResponse,
  type StatusRequest,
  type StatusResponse,
  type StopContainerRequest,
  type StopContainerResponse,
  type StopPodSandboxRequest,
  type StopPodSandboxResponse,
  type UpdateRuntimeConfigRequest,
  type UpdateRuntimeConfigResponse,
  type VersionRequest,
  type VersionResponse,
} from '@kubeling/proto/cri';
import { RuntimeCallError } from './runtime-error.js';

export interface RuntimeClientOptions {
  /** Deadline of every call (the kubelet's --runtime-request-timeout, 2 minutes). */
  timeoutMs?: number;
  /** Deadline of PullImage, which may download a large image. */
  pullTimeoutMs?: number;
}

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_PULL_TIMEOUT_MS = 600_000;

/**
 * The kubelet's client of a CRI runtime (RuntimeService and ImageService) on a unix
 * socket: one promise per RPC, each with a deadline; failures are RuntimeCallError with
 * the runtime's gRPC code and message.
 */
export class RuntimeClient {
  private readonly timeoutMs: number;
  private readonly pullTimeoutMs: number;

  private constructor(
    private readonly runtime: RuntimeServiceClient,
    private readonly images: ImageServiceClient,
    options: RuntimeClientOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pullTimeoutMs = options.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS;
  }

  /** endpoint: `unix:///absolute/path.sock` (the kubelet's --container-runtime-endpoint). */
  static connect(endpoint: string, options: RuntimeClientOptions = {}): RuntimeClient {
    if (!endpoint.startsWith('unix://')) throw new Error(`container runtime endpoint must be unix:///path, got ${JSON.stringify(endpoint)}`);
    const insecure = credentials.createInsecure();
    return new RuntimeClient(new RuntimeServiceClient(endpoint, insecure), new ImageServiceClient(endpoint, insecure), options);
  }

  version = (r: VersionRequest) => this.unary<VersionRequest, VersionResponse>(this.runtime, 'version', r);
  status = (r: StatusRequest) => this.unary<StatusRequest, StatusResponse>(this.runtime, 'status', r);
  updateRuntimeConfig = (r: UpdateRuntimeConfigRequest) =>
    this.unary<UpdateRuntimeConfigRequest, UpdateRuntimeConfigResponse>(this.runtime, 'updateRuntimeConfig', r);
  runPodSandbox = (r: RunPodSandboxRequest) => this.unary<RunPodSandboxRequest, RunPodSandboxResponse>(this.runtime, 'runPodSandbox', r);
  stopPodSandbox = (r: StopPodSandboxRequest) => this.unary<StopPodSandboxRequest, StopPodSandboxResponse>(this.runtime, 'stopPodSandbox', r);
  removePodSandbox = (r: RemovePodSandboxRequest) =>
    this.unary<RemovePodSandboxRequest, RemovePodSandboxResponse>(this.runtime, 'removePodSandbox', r);
  podSandboxStatus = (r: PodSandboxStatusRequest) =>
    this.unary<PodSandboxStatusRequest, PodSandboxStatusResponse>(this.runtime, 'podSandboxStatus', r);
  listPodSandbox = (r: ListPodSandboxRequest) => this.unary<ListPodSandboxRequest, ListPodSandboxResponse>(this.runtime, 'listPodSandbox', r);
  createContainer = (r: CreateContainerRequest) =>
    this.unary<CreateContainerRequest, CreateContainerResponse>(this.runtime, 'createContainer', r);
  startContainer = (r: StartContainerRequest) => this.unary<StartContainerRequest, StartContainerResponse>(this.runtime, 'startContainer', r);
  /** The deadline leaves room for the grace period (timeout seconds) on top of the call timeout. */
  stopContainer = (r: StopContainerRequest) =>
    this.unary<StopContainerRequest, StopContainerResponse>(this.runtime, 'stopContainer', r, this.timeoutMs + Number(r.timeout) * 1000);
  removeContainer = (r: RemoveContainerRequest) =>
    this.unary<RemoveContainerRequest, RemoveContainerResponse>(this.runtime, 'removeContainer', r);
  listContainers = (r: ListContainersRequest) => this.unary<ListContainersRequest, ListContainersResponse>(this.runtime, 'listContainers', r);
  containerStatus = (r: ContainerStatusRequest) =>
    this.unary<ContainerStatusRequest, ContainerStatusResponse>(this.runtime, 'containerStatus', r);
  /** As the kubelet: the command's own timeout (seconds) on top of the call timeout. */
  execSync = (r: ExecSyncRequest) =>
    this.unary<ExecSyncRequest, ExecSyncResponse>(this.runtime, 'execSync', r, this.timeoutMs + Number(r.timeout) * 1000);
  containerStats = (r: ContainerStatsRequest) => this.unary<ContainerStatsRequest, ContainerStatsResponse>(this.runtime, 'containerStats', r);
  listContainerStats = (r: ListContainerStatsRequest) =>
    this.unary<ListContainerStatsRequest, ListContainerStatsResponse>(this.runtime, 'listContainerStats', r);
  pullImage = (r: PullImageRequest) => this.unary<PullImageRequest, PullImageResponse>(this.images, 'pullImage', r, this.pullTimeoutMs);
  imageStatus = (r: ImageStatusRequest) => this.unary<ImageStatusRequest, ImageStatusResponse>(this.images, 'imageStatus', r);
  listImages = (r: ListImagesRequest) => this.unary<ListImagesRequest, ListImagesResponse>(this.images, 'listImages', r);
  removeImage = (r: RemoveImageRequest) => this.unary<RemoveImageRequest, RemoveImageResponse>(this.images, 'removeImage', r);
  imageFsInfo = (r: ImageFsInfoRequest) => this.unary<ImageFsInfoRequest, ImageFsInfoResponse>(this.images, 'imageFsInfo', r);

  /** Kubeling's ContainerLogs stream; ends when the runtime closes it or `signal` aborts. */
  async *containerLogs(r: ContainerLogsRequest, signal?: AbortSignal): AsyncGenerator<ContainerLogsResponse> {
    const call = this.runtime.containerLogs(r);
    const cancel = () => call.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      for await (const line of call as AsyncIterable<ContainerLogsResponse>) yield line;
    } catch (err) {
      if (signal?.aborted) return;
      throw RuntimeCallError.from('containerLogs', err as ServiceError);
    } finally {
      signal?.removeEventListener('abort', cancel);
      call.cancel();
    }
  }

  close(): void {
    this.runtime.close();
    this.images.close();
  }

  private unary<Req, Res>(client: Client, method: string, request: Req, timeoutMs = this.timeoutMs): Promise<Res> {
    const fn = (client as unknown as Record<string, UnaryMethod<Req, Res>>)[method].bind(client);
    return new Promise((resolve, reject) => {
      fn(request, new Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => (err ? reject(RuntimeCallError.from(method, err)) : resolve(res)));
    });
  }
}
