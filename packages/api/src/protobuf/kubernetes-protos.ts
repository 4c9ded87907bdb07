// The Kubernetes .proto subsets in proto/k8s, loaded once at run time with protobufjs, and the
// lookup of the message that an apiVersion/kind is encoded as.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const PROTO_ROOT = fileURLToPath(new URL('../../../../proto/k8s/', import.meta.url));
const META_PACKAGE = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const OBJECT_META = `.${META_PACKAGE}.ObjectMeta`;

/** API group → the k8s.io/api directory (and so proto package) holding its types. */
const GROUP_PACKAGES: Readonly<Record<string, string>> = {
  '': 'core',
  apps: 'apps',
  batch: 'batch',
  policy: 'policy',
  'rbac.authorization.k8s.io': 'rbac',
  'authentication.k8s.io': 'authentication',
  'authorization.k8s.io': 'authorization',
};

/** meta/v1 kinds that are registered in every group version, as metav1.AddToGroupVersion does. */
const META_KINDS = new Set(['DeleteOptions']);

let root: protobuf.Root | undefined;

/** All the loaded messages; the files are read on first use. */
export function kubernetesProtos(): protobuf.Root {
  root ??= load();
  return root;
}

/** The message an object of apiVersion/kind is encoded as, or undefined if it is not one we know. */
export function messageTypeFor(apiVersion: string, kind: string): protobuf.Type | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const pkg = META_KINDS.has(kind) ? META_PACKAGE : GROUP_PACKAGES[group] && `k8s.io.api.${GROUP_PACKAGES[group]}.${version}`;
  if (!pkg || !/^\w+$/.test(kind)) return undefined;
  const type = kubernetesProtos().lookup(`${pkg}.${kind}`);
  if (!(type instanceof protobuf.Type) || !(META_KINDS.has(kind) || isTopLevelObject(type))) return undefined;
  return type;
}

/** Kinds are objects with ObjectMeta; this keeps PodSpec and friends from passing as kinds. */
function isTopLevelObject(type: protobuf.Type): boolean {
  return type.fields.metadata?.resolvedType?.fullName === OBJECT_META;
}

function load(): protobuf.Root {
  const loaded = new protobuf.Root();
  const require = createRequire(import.meta.url);
  // Imports are relative to proto/k8s; google/protobuf/descriptor.proto (for gojson.proto) ships with protobufjs.
  loaded.resolvePath = (_origin, target) =>
    isAbsolute(target) ? target : target.startsWith('google/protobuf/') ? require.resolve(`protobufjs/${target}`) : join(PROTO_ROOT, target);
  const files = readdirSync(PROTO_ROOT, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('/generated.proto'));
  loaded.loadSync(files, { keepCase: true });
  loaded.resolveAll();
  return loaded;
}
