// Decodes the protobuf bodies the real kubectl 1.32 sends: a tiny server on 127.0.0.1 answers
// discovery and records the POST, and the decoded JSON is compared with what kubectl itself prints
// for the same object with --dry-run=client -o json (Go's JSON of the same struct).
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeKubernetesProtobuf } from './kubernetes-protobuf.js';

const SAMPLES = '/work/shared/kubectl/samples';
const DISCOVERY: Record<string, string> = {
  '/version': 'version.json',
  '/api': 'api-legacy.json',
  '/api/v1': 'api-v1-resourcelist.json',
  '/apis/apps/v1': 'apps-v1-resourcelist.json',
};

interface Captured {
  method: string;
  path: string;
  contentType: string | undefined;
  body: Buffer;
}

interface FakeApiserver {
  server: Server;
  dir: string;
  kubeconfig: string;
  captured: Captured[];
}

let fake: FakeApiserver;

test.before(async () => {
  const captured: Captured[] = [];
  const server = createServer((req, res) => {
    serve(req, res, captured).catch((error: Error) => reply(res, 500, { kind: 'Status', apiVersion: 'v1', message: error.message, code: 500 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-protobuf-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigFor(`http://127.0.0.1:${port}`));
  fake = { server, dir, kubeconfig, captured };
});

test.after.always(() => {
  fake?.server.close();
  if (fake) rmSync(fake.dir, { recursive: true, force: true });
});

async function serve(req: IncomingMessage, res: ServerResponse, captured: Captured[]): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (req.method === 'POST') {
    const body = Buffer.concat(chunks);
    captured.push({ method: req.method, path, contentType: req.headers['content-type'], body });
    return reply(res, 201, createdObject(path, body));
  }
  const sample = DISCOVERY[path];
  if (path === '/apis') return reply(res, 200, groupList());
  if (sample) return reply(res, 200, JSON.parse(readFileSync(join(SAMPLES, sample), 'utf8')));
  const groupVersion = /^\/apis\/([^/]+\/[^/]+)$/.exec(path)?.[1];
  if (groupVersion) return reply(res, 200, { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources: [] });
  reply(res, 404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
}

/** The sample group list plus the groups whose kinds the create commands below send. */
function groupList(): object {
  const list = JSON.parse(readFileSync(join(SAMPLES, 'apis-legacy.json'), 'utf8')) as { groups: object[] };
  for (const name of ['batch', 'rbac.authorization.k8s.io']) {
    const version = { groupVersion: `${name}/v1`, version: 'v1' };
    list.groups.push({ name, versions: [version], preferredVersion: version });
  }
  return list;
}

/** What kubectl needs back from a create: the object (kind, apiVersion, metadata), so the decoded one. */
function createdObject(path: string, body: Buffer): object {
  if (path.endsWith('/selfsubjectaccessreviews')) return JSON.parse(readFileSync(join(SAMPLES, 'selfsubjectaccessreview-response.json'), 'utf8'));
  const { object } = decodeKubernetesProtobuf(body);
  // create token fails without a token in the answer.
  if (path.endsWith('/token')) return { ...object, status: { token: 'issued', expirationTimestamp: '2030-01-01T00:00:00Z' } };
  return object;
}

function reply(res: ServerResponse, code: number, body: object): void {
  res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function kubeconfigFor(server: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server } }],
    users: [{ name: 'fake', user: {} }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake', namespace: 'default' } }],
    'current-context': 'fake',
  });
}

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'kubectl',
    ['--kubeconfig', fake.kubeconfig, '--cache-dir', join(fake.dir, 'cache'), ...args],
    { timeout: 60_000 },
  );
  return stdout;
}

/** Adds flags to a command line ahead of any `-- command args` part. */
function beforeDashes(args: string[], ...flags: string[]): string[] {
  const dashes = args.includes('--') ? args.indexOf('--') : args.length;
  return [...args.slice(0, dashes), ...flags, ...args.slice(dashes)];
}

/** Runs a create command and returns the one protobuf body it POSTed. */
async function capturePost(args: string[], expectedPath: string): Promise<Captured> {
  const before = fake.captured.length;
  await kubectl(...args);
  const posts = fake.captured.slice(before).filter((c) => c.path === expectedPath);
  if (posts.length !== 1) throw new Error(`expected one POST to ${expectedPath}, got ${JSON.stringify(fake.captured.slice(before).map((c) => c.path))}`);
  return posts[0];
}

// Each create command: the object kubectl sent, decoded, must equal its own JSON for it.
const CREATES: Array<{ title: string; args: string[]; path: string; expected?: Record<string, unknown> }> = [
  {
    title: 'create configmap',
    args: ['create', 'configmap', 'x', '--from-literal=a=b'],
    path: '/api/v1/namespaces/default/configmaps',
    expected: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', creationTimestamp: null }, data: { a: 'b' } },
  },
  {
    title: 'create secret generic',
    args: ['create', 'secret', 'generic', 's', '--from-literal=k=v'],
    path: '/api/v1/namespaces/default/secrets',
    expected: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', creationTimestamp: null },
      data: { k: Buffer.from('v').toString('base64') },
    },
  },
  {
    title: 'create namespace',
    args: ['create', 'namespace', 'ns1'],
    path: '/api/v1/namespaces',
    expected: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1', creationTimestamp: null }, spec: {}, status: {} },
  },
  {
    title: 'create deployment',
    args: ['create', 'deployment', 'web', '--image=nginx', '--replicas=2'],
    path: '/apis/apps/v1/namespaces/default/deployments',
    expected: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    },
  },
  { title: 'create serviceaccount', args: ['create', 'serviceaccount', 'sa1'], path: '/api/v1/namespaces/default/serviceaccounts' },
  {
    title: 'create job',
    args: ['create', 'job', 'j', '--image=busybox', '--', 'echo', 'hi'],
    path: '/apis/batch/v1/namespaces/default/jobs',
  },
  {
    title: 'create cronjob',
    args: ['create', 'cronjob', 'c', '--image=busybox', '--schedule=*/5 * * * *'],
    path: '/apis/batch/v1/namespaces/default/cronjobs',
  },
  {
    title: 'create role',
    args: ['create', 'role', 'r', '--verb=get,list', '--resource=pods', '--resource-name=p1'],
    path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles',
  },
  {
    title: 'create rolebinding',
    args: ['create', 'rolebinding', 'rb', '--role=r', '--user=alice', '--serviceaccount=default:sa1'],
    path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
  },
  {
    title: 'create clusterrole',
    args: ['create', 'clusterrole', 'cr', '--verb=get', '--non-resource-url=/healthz'],
    path: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  },
  {
    title: 'create clusterrolebinding',
    args: ['create', 'clusterrolebinding', 'crb', '--clusterrole=cr', '--group=devs'],
    path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  },
  {
    title: 'create service clusterip',
    args: ['create', 'service', 'clusterip', 'svc', '--tcp=80:http'],
    path: '/api/v1/namespaces/default/services',
    expected: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc', creationTimestamp: null, labels: { app: 'svc' } },
      spec: {
        ports: [{ name: '80-http', protocol: 'TCP', port: 80, targetPort: 'http' }],
        selector: { app: 'svc' },
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    title: 'create service nodeport',
    args: ['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080'],
    path: '/api/v1/namespaces/default/services',
  },
  {
    title: 'create poddisruptionbudget',
    args: ['create', 'poddisruptionbudget', 'p', '--selector=app=web', '--min-available=50%'],
    path: '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
  },
  {
    title: 'create quota',
    args: ['create', 'quota', 'q', '--hard=cpu=1500m,memory=1Gi,pods=2'],
    path: '/api/v1/namespaces/default/resourcequotas',
    expected: {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'q', creationTimestamp: null },
      spec: { hard: { cpu: '1500m', memory: '1Gi', pods: '2' } },
      status: {},
    },
  },
];

for (const { title, args, path, expected } of CREATES) {
  test.serial(`kubectl ${title} sends protobuf that decodes to its object`, async (t) => {
    const post = await capturePost(args, path);
    t.is(post.contentType, 'application/vnd.kubernetes.protobuf');
    t.deepEqual(post.body.subarray(0, 4), Buffer.from('k8s\0', 'latin1'));
    const decoded = decodeKubernetesProtobuf(post.body);
    if (expected) t.deepEqual(decoded.object, expected);
    const dryRun = JSON.parse(await kubectl(...beforeDashes(args, '--dry-run=client', '-o', 'json'))) as unknown;
    t.deepEqual(decoded.object, dryRun);
  });
}

test.serial('kubectl auth can-i sends a SelfSubjectAccessReview in protobuf', async (t) => {
  const post = await capturePost(['auth', 'can-i', 'create', 'pods'], '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
  t.is(post.contentType, 'application/vnd.kubernetes.protobuf');
  t.deepEqual(decodeKubernetesProtobuf(post.body).object, {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    metadata: { creationTimestamp: null },
    spec: { resourceAttributes: { namespace: 'default', verb: 'create', resource: 'pods' } },
    status: { allowed: false },
  });
});

test.serial('kubectl auth can-i --list sends a SelfSubjectRulesReview in protobuf', async (t) => {
  const post = await capturePost(['auth', 'can-i', '--list'], '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews');
  t.deepEqual(decodeKubernetesProtobuf(post.body).object, {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectRulesReview',
    metadata: { creationTimestamp: null },
    spec: { namespace: 'default' },
    status: { incomplete: false },
  });
});

test.serial('kubectl auth whoami sends a SelfSubjectReview in protobuf', async (t) => {
  const post = await capturePost(['auth', 'whoami'], '/apis/authentication.k8s.io/v1/selfsubjectreviews');
  t.deepEqual(decodeKubernetesProtobuf(post.body).object, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'SelfSubjectReview',
    metadata: { creationTimestamp: null },
    status: { userInfo: {} },
  });
});

test.serial('kubectl create token sends a TokenRequest in protobuf', async (t) => {
  const post = await capturePost(
    ['create', 'token', 'sa1', '--duration=10m', '--audience=api', '--bound-object-kind=Pod', '--bound-object-name=p1', '--bound-object-uid=u-1'],
    '/api/v1/namespaces/default/serviceaccounts/sa1/token',
  );
  t.deepEqual(decodeKubernetesProtobuf(post.body).object, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { creationTimestamp: null },
    spec: {
      audiences: ['api'],
      expirationSeconds: 600,
      boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p1', uid: 'u-1' },
    },
    status: { token: '', expirationTimestamp: null },
  });
});
