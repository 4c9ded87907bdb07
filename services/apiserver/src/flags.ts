import { FlagValues, invalid, parseFlags } from '@kubeling/component-base';

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
  /** --default-not-ready-toleration-seconds: DefaultTolerationSeconds' toleration of node.kubernetes.io/not-ready. */
  defaultNotReadyTolerationSeconds: number;
  /** --default-unreachable-toleration-seconds: the same for node.kubernetes.io/unreachable. */
  defaultUnreachableTolerationSeconds: number;
  logLevel: string;
}

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
  'default-not-ready-toleration-seconds',
  'default-unreachable-toleration-seconds',
  'log-level',
]);

/** Parses kube-apiserver's flags (pflag forms); errors are FlagErrors naming the flag. */
export function parseApiServerFlags(argv: string[]): ApiServerFlags {
  const f = new FlagValues(parseFlags(argv, { values: KNOWN }));
  const range = f.string('service-node-port-range', DEFAULTS.serviceNodePortRange);
  if (!/^\d+-\d+$/.test(range)) throw invalid('service-node-port-range', range, 'must be like 30000-32767');
  const cidr = f.string('service-cluster-ip-range', DEFAULTS.serviceClusterIpRange);
  if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidr)) throw invalid('service-cluster-ip-range', cidr, 'must be an IPv4 CIDR');
  const bindAddress = f.string('bind-address', DEFAULTS.bindAddress);
  return {
    etcdServers: f.required('etcd-servers').split(',').filter(Boolean),
    bindAddress,
    securePort: f.port('secure-port', DEFAULTS.securePort),
    grpcPort: f.port('grpc-port', DEFAULTS.grpcPort),
    advertiseAddress: f.string('advertise-address', bindAddress),
    serviceClusterIpRange: cidr,
    serviceNodePortRange: range,
    tlsCertFile: f.required('tls-cert-file'),
    tlsPrivateKeyFile: f.required('tls-private-key-file'),
    clientCaFile: f.required('client-ca-file'),
    serviceAccountKeyFile: f.optional('service-account-key-file'),
    maxRequestsInflight: f.integer('max-requests-inflight', 400),
    maxMutatingRequestsInflight: f.integer('max-mutating-requests-inflight', 200),
    defaultNotReadyTolerationSeconds: f.integer('default-not-ready-toleration-seconds', 300),
    defaultUnreachableTolerationSeconds: f.integer('default-unreachable-toleration-seconds', 300),
    logLevel: f.string('log-level', DEFAULTS.logLevel),
  };
}
