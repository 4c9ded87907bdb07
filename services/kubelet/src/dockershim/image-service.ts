import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { Image, ImageFsInfoResponse, ImageServiceServer } from '@kubeling/proto/cri';
import { dockerMessage, invalidArgument, isDockerNotFound } from './errors.js';
import { unary } from './grpc-handler.js';
import { nowNanos } from './timestamps.js';

/** `docker inspect` of an image; undefined when absent. */
async function inspectImage(docker: Docker, ref: string): Promise<Docker.ImageInspectInfo | undefined> {
  if (!ref) throw invalidArgument('image spec needs image');
  try {
    return await docker.getImage(ref).inspect();
  } catch (err) {
    if (isDockerNotFound(err)) return undefined;
    throw err;
  }
}

/** The image's user: a numeric uid goes to uid, a name to username (CRI's rule). */
function userOf(user: string | undefined): Pick<Image, 'uid' | 'username'> {
  const name = (user ?? '').split(':')[0] ?? '';
  if (/^\d+$/.test(name)) return { uid: { value: BigInt(name) }, username: '' };
  return { uid: undefined, username: name };
}

function toCriImage(i: { Id: string; RepoTags?: string[]; RepoDigests?: string[]; Size?: number; User?: string }): Image {
  return {
    id: i.Id,
    repoTags: i.RepoTags ?? [],
    repoDigests: i.RepoDigests ?? [],
    size: BigInt(Math.max(1, i.Size ?? 1)),
    ...userOf(i.User),
    spec: { image: i.Id, annotations: {}, userSpecifiedImage: '' },
    pinned: false,
  };
}

/** Docker's `a/b` means `a/b:latest`, as the engine resolves it. */
const withTag = (ref: string) => (/[:@][^/]*$/.test(ref) ? ref : `${ref}:latest`);

/** Pulls an image and waits for the pull to finish; rejects with the engine's message. */
async function pull(docker: Docker, ref: string): Promise<void> {
  const stream = await docker.pull(ref);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, events: Array<{ error?: string }>) => {
      const failed = err ?? events.find((e) => e.error);
      if (failed) reject(err ?? new Error(events.find((e) => e.error)?.error));
      else resolve();
    });
  });
}

/** CRI's ImageService on the Docker engine. */
export function imageService(docker: Docker, log: Logger): ImageServiceServer {
  return {
    listImages: unary(log, 'ListImages', async (req) => {
      const images = await docker.listImages();
      const wanted = req.filter?.image?.image;
      const wantedImage = wanted ? await inspectImage(docker, wanted) : undefined;
      const listed = images.map((i) => toCriImage({ Id: i.Id, RepoTags: i.RepoTags?.filter((t) => t !== '<none>:<none>'), RepoDigests: i.RepoDigests, Size: i.Size }));
      return { images: wanted ? listed.filter((i) => i.id === wantedImage?.Id) : listed };
    }),
    imageStatus: unary(log, 'ImageStatus', async (req) => {
      const info = await inspectImage(docker, req.image?.image ?? '');
      return { image: info ? toCriImage({ Id: info.Id, RepoTags: info.RepoTags, RepoDigests: info.RepoDigests, Size: info.Size, User: info.Config?.User }) : undefined, info: {} };
    }),
    pullImage: unary(log, 'PullImage', async (req) => {
      const ref = req.image?.image ?? '';
      if (!ref) throw invalidArgument('image spec needs image');
      try {
        await pull(docker, withTag(ref));
      } catch (err) {
        log.info({ image: ref, err: dockerMessage(err) }, 'image pull failed');
        throw err;
      }
      const info = await inspectImage(docker, ref);
      if (!info) throw new Error(`image ${ref} not present after pull`);
      return { imageRef: info.Id };
    }),
    removeImage: unary(log, 'RemoveImage', async (req) => {
      const info = await inspectImage(docker, req.image?.image ?? '');
      // Idempotent; removing by ID drops every tag, as CRI says.
      if (info) await docker.getImage(info.Id).remove({ force: true }).catch((err) => (isDockerNotFound(err) ? undefined : Promise.reject(err)));
      return {};
    }),
    imageFsInfo: unary(log, 'ImageFsInfo', async (): Promise<ImageFsInfoResponse> => {
      const [info, df] = await Promise.all([docker.info() as Promise<{ DockerRootDir?: string }>, docker.df() as Promise<{ LayersSize?: number }>]);
      return {
        imageFilesystems: [{ timestamp: nowNanos(), fsId: { mountpoint: info.DockerRootDir ?? '/var/lib/docker' }, usedBytes: { value: BigInt(df.LayersSize ?? 0) }, inodesUsed: undefined }],
        containerFilesystems: [],
      };
    }),
  };
}
