// A do-nothing etcd v3 server: the floor of the gRPC transport. No disk, no history; a put bumps
// a revision counter and is echoed to matching watchers, a range answers one made-up kv.
// Run as its own process (so /proc shows its CPU alone): null-etcd-server.ts --port N
import { Server, ServerCredentials, type ServerDuplexStream } from '@grpc/grpc-js';
import {
  Event_EventType,
  KVService,
  MaintenanceService,
  WatchService,
  type KeyValue,
  type KVServer,
  type MaintenanceServer,
  type ResponseHeader,
  type WatchRequest,
  type WatchResponse,
  type WatchServer,
} from '@kubeling/proto/etcd';

interface NullWatcher {
  id: bigint;
  key: Buffer;
  rangeEnd: Buffer;
  stream: ServerDuplexStream<WatchRequest, WatchResponse>;
}

/** A range answers a value of the benchmark's size, so responses weigh what the store's do. */
const RANGE_VALUE = Buffer.alloc(256, 0x61);
let revision = 1n;
const watchers = new Set<NullWatcher>();

const header = (): ResponseHeader => ({ clusterId: 1n, memberId: 1n, revision, raftTerm: 2n });

function keyValue(key: Buffer, value: Buffer): KeyValue {
  return { key, value, createRevision: revision, modRevision: revision, version: 1n, lease: 0n };
}

/** etcd's range semantics: empty range_end is one key, "\0" is every key from `key` on. */
function inRange(w: NullWatcher, key: Buffer): boolean {
  if (w.rangeEnd.length === 0) return key.equals(w.key);
  if (w.rangeEnd.length === 1 && w.rangeEnd[0] === 0) return Buffer.compare(key, w.key) >= 0;
  return Buffer.compare(key, w.key) >= 0 && Buffer.compare(key, w.rangeEnd) < 0;
}

function watchResponse(watchId: bigint, fields: Partial<WatchResponse>): WatchResponse {
  return { header: header(), watchId, created: false, canceled: false, compactRevision: 0n, cancelReason: '', fragment: false, events: [], ...fields };
}

function notify(kv: KeyValue): void {
  for (const w of watchers) {
    if (inRange(w, kv.key)) w.stream.write(watchResponse(w.id, { events: [{ type: Event_EventType.PUT, kv }] }));
  }
}

const kv: KVServer = {
  put(call, callback) {
    revision += 1n;
    notify(keyValue(call.request.key, call.request.value));
    callback(null, { header: header() });
  },
  range(call, callback) {
    callback(null, { header: header(), kvs: [keyValue(call.request.key, RANGE_VALUE)], more: false, count: 1n });
  },
  deleteRange(_call, callback) {
    callback(null, { header: header(), deleted: 0n, prevKvs: [] });
  },
  txn(_call, callback) {
    callback(null, { header: header(), succeeded: true, responses: [] });
  },
  compact(_call, callback) {
    callback(null, { header: header() });
  },
};

const watch: WatchServer = {
  watch(stream) {
    const mine = new Map<bigint, NullWatcher>();
    let nextId = 0n;
    stream.on('data', (request: WatchRequest) => {
      if (request.createRequest) {
        const w: NullWatcher = { id: nextId++, key: request.createRequest.key, rangeEnd: request.createRequest.rangeEnd, stream };
        mine.set(w.id, w);
        watchers.add(w);
        stream.write(watchResponse(w.id, { created: true }));
      } else if (request.cancelRequest) {
        const w = mine.get(request.cancelRequest.watchId);
        if (w) watchers.delete(w);
        stream.write(watchResponse(request.cancelRequest.watchId, { canceled: true }));
      }
    });
    const close = () => {
      for (const w of mine.values()) watchers.delete(w);
      mine.clear();
    };
    stream.on('end', () => {
      close();
      stream.end();
    });
    stream.on('error', close);
    stream.on('cancelled', close);
  },
};

const maintenance: MaintenanceServer = {
  alarm(_call, callback) {
    callback(null, { header: header(), alarms: [] });
  },
  status(_call, callback) {
    callback(null, {
      header: header(),
      version: '3.4.0-null',
      dbSize: 0n,
      leader: 1n,
      raftIndex: revision,
      raftTerm: 2n,
      raftAppliedIndex: revision,
      errors: [],
      dbSizeInUse: 0n,
      isLearner: false,
    });
  },
};

function portFlag(argv: string[]): number {
  const i = argv.indexOf('--port');
  const port = Number(argv[i + 1]);
  if (i < 0 || !Number.isInteger(port)) throw new Error('usage: null-etcd-server.ts --port N');
  return port;
}

const server = new Server();
server.addService(KVService, kv);
server.addService(WatchService, watch);
server.addService(MaintenanceService, maintenance);
server.bindAsync(`127.0.0.1:${portFlag(process.argv)}`, ServerCredentials.createInsecure(), (error) => {
  if (error) {
    process.stderr.write(`null-etcd-server: ${error.message}\n`);
    process.exit(1);
  }
});
// Nothing to flush: exit at once (a graceful shutdown would wait on open watch streams).
process.on('SIGTERM', () => process.exit(0));
