import { lstat, mkdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ImageServiceService, RuntimeServiceService, type ImageServiceServer, type RuntimeServiceServer } from '@kubeling/proto/cri';

/** Removes a socket file left by a previous run (binding fails on it); refuses to remove anything else. */
async function removeStaleSocket(path: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined);
  if (!stat) return;
  if (!stat.isSocket()) throw new Error(`${path} exists and is not a socket`);
  await unlink(path);
}

/** A gRPC server for both CRI services on a unix socket. */
export async function serveCri(socketPath: string, runtime: RuntimeServiceServer, images: ImageServiceServer): Promise<{ stop(): Promise<void> }> {
  await mkdir(dirname(socketPath), { recursive: true });
  await removeStaleSocket(socketPath);
  const server = new Server();
  server.addService(RuntimeServiceService, runtime);
  server.addService(ImageServiceService, images);
  await new Promise<void>((resolve, reject) => server.bindAsync(`unix://${socketPath}`, ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve())));
  return {
    stop: async () => {
      // Graceful first; open ContainerLogs streams would hold it, so force after a moment.
      const graceful = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      const timer = setTimeout(() => server.forceShutdown(), 2_000);
      await graceful;
      clearTimeout(timer);
      await unlink(socketPath).catch(() => undefined);
    },
  };
}
