import test from 'ava';
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { kubectl, startApiServerOverStore, waitFor, type ApiServer, type ApiServerOverStore } from '@kubeling/testing';

const DEPLOYMENT = (replicas: number, image: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
`;

let api: ApiServer;

let cluster: ApiServerOverStore | undefined;

test.before(async () => {
  cluster = await startApiServerOverStore();
  ({ api } = cluster);
});

test.after.always(async () => {
  await cluster?.stop();
});

const k = (...args: string[]) => kubectl(api.kubeconfig, args);
const kIn = (stdin: string, ...args: string[]) => kubectl(api.kubeconfig, args, stdin);

test.serial('version and discovery: kubectl sees the server version and every built-in resource with its short names', async (t) => {
  const version = await k('version', '-o', 'json');
  t.is(version.code, 0, version.stderr);
  t.is(JSON.parse(version.stdout).serverVersion.gitVersion, 'v1.32.0');
  const resources = await k('api-resources', '--no-headers');
  t.is(resources.code, 0, resources.stderr);
  t.regex(resources.stdout, /^pods\s+po\s+v1\s+true\s+Pod$/m);
  t.regex(resources.stdout, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
  t.regex(resources.stdout, /^nodes\s+no\s+v1\s+false\s+Node$/m);
});

test.serial('the system namespaces exist and print as kubectl get prints them', async (t) => {
  const got = await k('get', 'namespaces');
  t.is(got.code, 0, got.stderr);
  t.regex(got.stdout, /^NAME\s+STATUS\s+AGE$/m);
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) t.regex(got.stdout, new RegExp(`^${ns}\\s+Active\\s+\\d+s$`, 'm'));
});

test.serial('apply creates, then configures with a strategic merge patch, then is unchanged; scale and label work', async (t) => {
  const created = await kIn(DEPLOYMENT(2, 'nginx:1.27'), 'apply', '-f', '-');
  t.is(created.code, 0, created.stderr);
  t.is(created.stdout.trim(), 'deployment.apps/web created');

  const configured = await kIn(DEPLOYMENT(3, 'nginx:1.28'), 'apply', '-f', '-');
  t.is(configured.code, 0, configured.stderr);
  t.is(configured.stdout.trim(), 'deployment.apps/web configured');
  const live = JSON.parse((await k('get', 'deployment', 'web', '-o', 'json')).stdout);
  t.is(live.spec.replicas, 3);
  // Defaulted as a real apiserver defaults a container.
  t.deepEqual(live.spec.template.spec.containers, [
    { name: 'nginx', image: 'nginx:1.28', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' },
  ]);
  t.like(live.spec, { revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } });
  t.is(live.metadata.generation, 2);
  t.truthy(live.metadata.uid);

  const unchanged = await kIn(DEPLOYMENT(3, 'nginx:1.28'), 'apply', '-f', '-');
  t.is(unchanged.stdout.trim(), 'deployment.apps/web unchanged');

  const scaled = await k('scale', 'deployment', 'web', '--replicas=5');
  t.is(scaled.code, 0, scaled.stderr);
  t.is(scaled.stdout.trim(), 'deployment.apps/web scaled');
  const labeled = await k('label', 'deployment', 'web', 'tier=frontend');
  t.is(labeled.stdout.trim(), 'deployment.apps/web labeled');
  const after = JSON.parse((await k('get', 'deploy', 'web', '-o', 'json')).stdout);
  t.is(after.spec.replicas, 5);
  t.is(after.metadata.labels.tier, 'frontend');
  const byLabel = await k('get', 'deploy', '-l', 'tier=frontend', '-o', 'name');
  t.is(byLabel.stdout.trim(), 'deployment.apps/web');
  const none = await k('get', 'deploy', '-l', 'tier=backend');
  t.regex(none.stderr, /No resources found in default namespace/);
});

test.serial('get -w prints a row for an object created while it watches', async (t) => {
  const first = await k('create', 'configmap', 'before', '--from-literal=a=b', '--dry-run=client', '-o', 'json');
  t.is((await kIn(first.stdout, 'create', '-f', '-')).code, 0);
  const watcher = spawn('kubectl', ['--kubeconfig', api.kubeconfig, '--cache-dir', `${api.dataDir}/kubectl-cache`, 'get', 'configmaps', '-w'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  watcher.stdout.on('data', (c: Buffer) => (out += c.toString()));
  try {
    await waitFor(() => /^before\s+1\s+\d+s$/m.test(out), { timeoutMs: 20_000, what: 'the listed row' });
    const created = await k('create', 'configmap', 'seen', '--from-literal=a=b', '--dry-run=client', '-o', 'json');
    t.is((await kIn(created.stdout, 'create', '-f', '-')).code, 0);
    await waitFor(() => /^seen\s+1\s+\d+s$/m.test(out), { timeoutMs: 20_000, what: 'the watched row' });
    t.is(out.match(/^NAME\s+DATA\s+AGE$/gm)?.length, 1, 'one header, from the list');
    t.pass();
  } finally {
    watcher.kill();
  }
});

test.serial('delete removes the object; kubectl then reports NotFound in Kubernetes words', async (t) => {
  const deleted = await k('delete', 'deployment', 'web');
  t.is(deleted.code, 0, deleted.stderr);
  t.is(deleted.stdout.trim(), 'deployment.apps "web" deleted');
  const gone = await k('get', 'deployment', 'web');
  t.is(gone.code, 1);
  t.is(gone.stderr.trim(), 'Error from server (NotFound): deployments.apps "web" not found');
});

test.serial('bad input gets the right status: missing namespace, invalid name, duplicate, no credentials', async (t) => {
  const missingNs = await kIn(DEPLOYMENT(1, 'nginx'), 'create', '-n', 'nope', '-f', '-');
  t.is(missingNs.code, 1);
  t.regex(missingNs.stderr, /Error from server \(NotFound\): error when creating "STDIN": namespaces "nope" not found/);

  const badName = await kIn(DEPLOYMENT(1, 'nginx').replace('name: web', 'name: Web_1'), 'create', '-f', '-');
  t.is(badName.code, 1);
  // kubectl rewrites an Invalid status from its details, as it does for a real apiserver.
  t.regex(badName.stderr, /^The Deployment "Web_1" is invalid: metadata\.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of/);

  t.is((await k('create', 'namespace', 'team-a', '--dry-run=client', '-o', 'json').then((r) => kIn(r.stdout, 'create', '-f', '-'))).code, 0);
  const dup = await k('create', 'namespace', 'team-a', '--dry-run=client', '-o', 'json').then((r) => kIn(r.stdout, 'create', '-f', '-'));
  t.is(dup.code, 1);
  t.regex(dup.stderr, /Error from server \(AlreadyExists\): error when creating "STDIN": namespaces "team-a" already exists/);

  const anonymous = await new Promise<{ code: number; body: string }>((resolve, reject) => {
    const req = request(`${api.url}/api/v1/namespaces`, { ca: api.caCertPem }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
  t.is(anonymous.code, 401);
  t.like(JSON.parse(anonymous.body), { kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
});

test.serial('field validation: Strict rejects unknown fields naming them, warn reports them, explain reads the schemas', async (t) => {
  const bogus = DEPLOYMENT(1, 'nginx').replace('name: web', 'name: strict').replace('  replicas: 1', '  replicas: 1\n  bogus: true').replace('image: nginx', 'image: nginx\n        imagee: typo');
  const strict = await kIn(bogus, 'apply', '-f', '-');
  t.is(strict.code, 1);
  t.is(strict.stderr.trim(), 'Error from server (BadRequest): error when creating "STDIN": strict decoding error: unknown field "spec.bogus", unknown field "spec.template.spec.containers[0].imagee"');
  t.is((await k('get', 'deployment', 'strict')).code, 1, 'nothing stored');

  const warned = await kIn(bogus, 'apply', '--validate=warn', '-f', '-');
  t.is(warned.code, 0, warned.stderr);
  t.regex(warned.stderr, /Warning: unknown field "spec\.bogus"/);

  const explain = await k('explain', 'deployment.spec.replicas');
  t.is(explain.code, 0, explain.stderr);
  t.regex(explain.stdout, /FIELD:\s+replicas <integer>/);
  t.regex(explain.stdout, /Number of desired pods/);
});

test.serial('typed creates that kubectl sends as protobuf work, and spec validation answers 422 with every problem', async (t) => {
  const cm = await k('create', 'configmap', 'proto', '--from-literal=a=b');
  t.is(cm.code, 0, cm.stderr);
  t.is(cm.stdout.trim(), 'configmap/proto created');
  t.deepEqual(JSON.parse((await k('get', 'configmap', 'proto', '-o', 'json')).stdout).data, { a: 'b' });
  const deploy = await k('create', 'deployment', 'proto-web', '--image=nginx', '--replicas=2');
  t.is(deploy.code, 0, deploy.stderr);
  t.is(JSON.parse((await k('get', 'deploy', 'proto-web', '-o', 'json')).stdout).spec.replicas, 2);

  const bad = await kIn(DEPLOYMENT(1, '').replace('name: web', 'name: broken').replace('matchLabels: {app: web}', 'matchLabels: {app: other}'), 'create', '-f', '-');
  t.is(bad.code, 1);
  t.regex(bad.stderr, /^The Deployment "broken" is invalid: /);
  t.regex(bad.stderr, /spec\.template\.spec\.containers\[0\]\.image: Required value/);
  t.regex(bad.stderr, /spec\.template\.metadata\.labels: Invalid value: .*: `selector` does not match template `labels`/);
});

test.serial('services get a ClusterIP from the range and NodePorts, never twice, freed on delete', async (t) => {
  const svc = (name: string, extra: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: web}
  ports: [{port: 80}]
${extra}`;
  const kubernetes = JSON.parse((await k('get', 'service', 'kubernetes', '-o', 'json')).stdout);
  t.is(kubernetes.spec.clusterIP, '10.96.0.1', 'the kubernetes service has the first address');

  t.is((await kIn(svc('np', '  type: NodePort'), 'create', '-f', '-')).code, 0);
  const np = JSON.parse((await k('get', 'svc', 'np', '-o', 'json')).stdout);
  t.regex(np.spec.clusterIP, /^10\.96\.\d+\.\d+$/);
  t.deepEqual(np.spec.clusterIPs, [np.spec.clusterIP]);
  t.true(np.spec.ports[0].nodePort >= 30000 && np.spec.ports[0].nodePort <= 32767);
  t.is(np.spec.ports[0].targetPort, 80);
  t.regex((await k('get', 'svc', 'np')).stdout, new RegExp(`^np\\s+NodePort\\s+${np.spec.clusterIP.replace(/\./g, '\\.')}\\s+<none>\\s+80:${np.spec.ports[0].nodePort}/TCP`, 'm'));

  const taken = await kIn(svc('same-ip', `  clusterIP: ${np.spec.clusterIP}`), 'create', '-f', '-');
  t.is(taken.code, 1);
  t.regex(taken.stderr, /provided IP is already allocated/);
  const takenPort = await kIn(svc('same-port', `  type: NodePort`).replace('[{port: 80}]', `[{port: 80, nodePort: ${np.spec.ports[0].nodePort}}]`), 'create', '-f', '-');
  t.regex(takenPort.stderr, /provided port is already allocated/);

  t.is((await k('delete', 'svc', 'np')).code, 0);
  const reuse = await kIn(svc('same-ip', `  clusterIP: ${np.spec.clusterIP}`), 'create', '-f', '-');
  t.is(reuse.code, 0, `the address is free again: ${reuse.stderr}`);
});

test.serial('describe, annotate, -o yaml and -o wide, delete with --cascade, and a body over 3 MiB', async (t) => {
  t.is((await kIn(DEPLOYMENT(2, 'nginx:1.27').replace('name: web', 'name: described'), 'apply', '-f', '-')).code, 0);
  const annotated = await k('annotate', 'deployment', 'described', 'team=infra');
  t.is(annotated.stdout.trim(), 'deployment.apps/described annotated');
  const yaml = await k('get', 'deployment', 'described', '-o', 'yaml');
  t.regex(yaml.stdout, /^kind: Deployment$/m);
  t.regex(yaml.stdout, /^ {4}team: infra$/m);
  const wide = await k('get', 'deployments', '-o', 'wide');
  t.regex(wide.stdout, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
  t.regex(wide.stdout, /^described\s+0\/2\s+0\s+0\s+\d+s\s+nginx\s+nginx:1\.27\s+app=web$/m);
  const described = await k('describe', 'deployment', 'described');
  t.is(described.code, 0, described.stderr);
  t.regex(described.stdout, /^Name:\s+described$/m);
  t.regex(described.stdout, /^Replicas:\s+2 desired/m);
  t.regex(described.stdout, /^StrategyType:\s+RollingUpdate$/m);
  t.regex(described.stdout, /Port:\s+80\/TCP/);

  const orphaned = await k('delete', 'deployment', 'described', '--cascade=orphan', '--wait=false');
  t.is(orphaned.stdout.trim(), 'deployment.apps "described" deleted');

  const huge = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: huge}\ndata: {big: "${'x'.repeat(3 * 1024 * 1024 + 10)}"}\n`;
  const tooBig = await kIn(huge, 'create', '-f', '-');
  t.is(tooBig.code, 1);
  t.regex(tooBig.stderr, /Request entity too large: limit is 3145728/);
  t.is((await k('get', 'configmap', 'huge')).code, 1, 'nothing stored');
});
