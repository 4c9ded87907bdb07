/** The store's command line, with etcd's flag names and defaults. */
export interface StoreFlags {
  name: string;
  dataDir: string;
  listenClientUrls: string[];
  advertiseClientUrls: string[];
  /** Reported by MemberList only: a one-member store has no peers to talk to. */
  initialAdvertisePeerUrls: string[];
  certFile?: string;
  keyFile?: string;
  trustedCaFile?: string;
  clientCertAuth: boolean;
  quotaBackendBytes: number;
  maxRequestBytes: number;
  maxTxnOps: number;
  autoCompactionMode: 'periodic' | 'revision';
  autoCompactionRetention: string;
  progressNotifyIntervalMs: number;
  logLevel: string;
}

export class FlagError extends Error {}

const DEFAULTS: StoreFlags = {
  name: 'default',
  dataDir: 'default.etcd',
  listenClientUrls: ['http://localhost:2379'],
  advertiseClientUrls: [],
  initialAdvertisePeerUrls: ['http://localhost:2380'],
  clientCertAuth: false,
  quotaBackendBytes: 0,
  maxRequestBytes: 1.5 * 1024 * 1024,
  maxTxnOps: 128,
  autoCompactionMode: 'periodic',
  autoCompactionRetention: '0',
  progressNotifyIntervalMs: 10 * 60 * 1000,
  logLevel: 'info',
};

function integer(flag: string, value: string): number {
  if (!/^-?\d+$/.test(value)) throw new FlagError(`invalid value "${value}" for flag --${flag}: not an integer`);
  return Number(value);
}

/** Go-style duration ("10m", "1h30m", "500ms", "5s"). */
export function parseDuration(flag: string, value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) {
    throw new FlagError(`invalid value "${value}" for flag --${flag}: not a duration (e.g. 10m, 1h, 500ms)`);
  }
  return parts.reduce((ms, p) => ms + Number(p[1]) * units[p[2]], 0);
}

function urls(flag: string, value: string): string[] {
  const list = value.split(',').filter(Boolean);
  for (const u of list) {
    if (!/^(https?|unix|unixs):\/\//.test(u)) throw new FlagError(`invalid value "${u}" for flag --${flag}: URL scheme must be http, https or unix`);
  }
  return list;
}

const SETTERS: Record<string, (f: StoreFlags, v: string, flag: string) => void> = {
  name: (f, v) => (f.name = v),
  'data-dir': (f, v) => (f.dataDir = v),
  'listen-client-urls': (f, v, flag) => (f.listenClientUrls = urls(flag, v)),
  'advertise-client-urls': (f, v, flag) => (f.advertiseClientUrls = urls(flag, v)),
  'initial-advertise-peer-urls': (f, v, flag) => (f.initialAdvertisePeerUrls = urls(flag, v)),
  'cert-file': (f, v) => (f.certFile = v),
  'key-file': (f, v) => (f.keyFile = v),
  'trusted-ca-file': (f, v) => (f.trustedCaFile = v),
  'client-cert-auth': (f, v) => (f.clientCertAuth = v !== 'false'),
  'quota-backend-bytes': (f, v, flag) => (f.quotaBackendBytes = integer(flag, v)),
  'max-request-bytes': (f, v, flag) => (f.maxRequestBytes = integer(flag, v)),
  'max-txn-ops': (f, v, flag) => (f.maxTxnOps = integer(flag, v)),
  'auto-compaction-mode': (f, v, flag) => {
    if (v !== 'periodic' && v !== 'revision') throw new FlagError(`invalid value "${v}" for flag --${flag}: must be periodic or revision`);
    f.autoCompactionMode = v;
  },
  'auto-compaction-retention': (f, v) => (f.autoCompactionRetention = v),
  'experimental-watch-progress-notify-interval': (f, v, flag) => (f.progressNotifyIntervalMs = parseDuration(flag, v)),
  'log-level': (f, v) => (f.logLevel = v),
};

const BOOLEAN = new Set(['client-cert-auth']);

/** Parses `--flag=value`, `--flag value` and `-flag value`, as etcd (Go's flag package) does. */
export function parseStoreFlags(argv: string[]): StoreFlags {
  const flags: StoreFlags = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--?([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new FlagError(`unexpected argument "${arg}"`);
    const [, name, inline] = m;
    const set = SETTERS[name];
    if (!set) throw new FlagError(`unknown flag: --${name}`);
    let value = inline;
    if (value === undefined) {
      if (BOOLEAN.has(name)) value = 'true';
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new FlagError(`flag needs an argument: --${name}`);
    }
    set(flags, value, name);
  }
  if (flags.advertiseClientUrls.length === 0) flags.advertiseClientUrls = flags.listenClientUrls;
  const tls = flags.listenClientUrls.some((u) => u.startsWith('https://') || u.startsWith('unixs://'));
  if (tls && (!flags.certFile || !flags.keyFile)) throw new FlagError('--cert-file and --key-file are required for https:// client URLs');
  if (flags.maxRequestBytes <= 0) throw new FlagError('--max-request-bytes must be positive');
  return flags;
}
