/** kube-apiserver's flags that Kubeling serves. */
export interface ApiServerFlags {
  etcdServers: string[];
  bindAddress: string;
  securePort: number;
  grpcPort: number;
  advertiseAddress: string;
  serviceClusterIpRange: string;
  serviceNodePortRange: string;
  tlsCertFile: string;
  tlsPrivateKeyFile: string;
  clientCaFile: string;
  serviceAccountKeyFile?: string;
  maxRequestsInflight: number;
  maxMutatingRequestsInflight: number;
  logLevel: string;
}

export class FlagError extends Error {}

const DEFAULTS = {
  bindAddress: '127.0.0.1',
  securePort: 6443,
  grpcPort: 6444,
  serviceClusterIpRange: '10.96.0.0/16',
  serviceNodePortRange: '30000-32767',
  logLevel: 'info',
};

const KNOWN = new Set([
  'etcd-servers',
  'bind-address',
  'secure-port',
  'grpc-port',
  'advertise-address',
  'service-cluster-ip-range',
  'service-node-port-range',
  'tls-cert-file',
  'tls-private-key-file',
  'client-ca-file',
  'service-account-key-file',
  'max-requests-inflight',
  'max-mutating-requests-inflight',
  'log-level',
]);

function parsePort(name: string, raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 0 || port > 65535) throw new FlagError(`invalid value "${raw}" for flag --${name}: must be a port number 0-65535`);
  return port;
}

function count(name: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new FlagError(`invalid value "${raw}" for flag --${name}: must be a non-negative integer (0: no limit)`);
  return Number(raw);
}

/** Parses `--flag=value` and `--flag value` forms, as Kubernetes' pflag does. */
export function parseApiServerFlags(argv: string[]): ApiServerFlags {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new FlagError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!KNOWN.has(name)) throw new FlagError(`unknown flag: --${name}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new FlagError(`flag needs an argument: --${name}`);
    values.set(name, value);
  }
  const required = (name: string) => {
    const v = values.get(name);
    if (!v) throw new FlagError(`--${name} is required`);
    return v;
  };
  const range = values.get('service-node-port-range') ?? DEFAULTS.serviceNodePortRange;
  if (!/^\d+-\d+$/.test(range)) throw new FlagError(`invalid value "${range}" for flag --service-node-port-range: must be like 30000-32767`);
  const cidr = values.get('service-cluster-ip-range') ?? DEFAULTS.serviceClusterIpRange;
  if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidr)) throw new FlagError(`invalid value "${cidr}" for flag --service-cluster-ip-range: must be an IPv4 CIDR`);
  const bindAddress = values.get('bind-address') ?? DEFAULTS.bindAddress;
  return {
    etcdServers: required('etcd-servers').split(',').filter(Boolean),
    bindAddress,
    securePort: parsePort('secure-port', values.get('secure-port') ?? String(DEFAULTS.securePort)),
    grpcPort: parsePort('grpc-port', values.get('grpc-port') ?? String(DEFAULTS.grpcPort)),
    advertiseAddress: values.get('advertise-address') ?? bindAddress,
    serviceClusterIpRange: cidr,
    serviceNodePortRange: range,
    tlsCertFile: required('tls-cert-file'),
    tlsPrivateKeyFile: required('tls-private-key-file'),
    clientCaFile: required('client-ca-file'),
    serviceAccountKeyFile: values.get('service-account-key-file'),
    maxRequestsInflight: count('max-requests-inflight', values.get('max-requests-inflight') ?? '400'),
    maxMutatingRequestsInflight: count('max-mutating-requests-inflight', values.get('max-mutating-requests-inflight') ?? '200'),
    logLevel: values.get('log-level') ?? DEFAULTS.logLevel,
  };
}
