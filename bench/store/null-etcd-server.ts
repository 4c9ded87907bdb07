// A do-nothing etcd-API server: grpc-js and the generated codecs, no disk, no history.
// It is the floor of the transport the store is measured against.
import { Server, ServerCredentials, type ServerDuplexStream } from '@grpc/grpc-js';
import { KVService, MaintenanceService, WatchService, type KVServer, type MaintenanceServer, type WatchRequest, type WatchResponse, type WatchServer } from '@kubeling/proto/etcd';

let revision = 1n;
const header = () => ({ clusterId: 1n, memberId: 1n, revision, raftTerm: 2n });
const watchers = new Set<{ call: ServerDuplexStream<WatchRequest, WatchResponse>; id: bigint }>();
const fail = (cb: (e: Error & { code: number }) => void) => cb(Object.assign(new Error('unimplemented'), { code: 12 }));

const server = new Server();
const kv: KVServer = {
  put: (call, cb) => {
    revision++;
    const kv = { key: call.request.key, value: call.request.value, createRevision: revision, modRevision: revision, version: 1n, lease: 0n };
    for (const w of watchers) w.call.write({ header: header(), watchId: w.id, created: false, canceled: false, compactRevision: 0n, cancelReason: '', fragment: false, events: [{ type: 0, kv }] });
    cb(null, { header: header() });
  },
  range: (call, cb) =>
    cb(null, { header: header(), kvs: [{ key: call.request.key, value: Buffer.alloc(256), createRevision: 1n, modRevision: 1n, version: 1n, lease: 0n }], more: false, count: 1n }),
  deleteRange: (_c, cb) => fail(cb),
  txn: (_c, cb) => fail(cb),
  compact: (_c, cb) => fail(cb),
};
server.addService(KVService, kv);
const watch: WatchServer = {
  watch: (call) => {
    call.on('data', (req: WatchRequest) => {
      if (!req.createRequest) return;
      const w = { call, id: BigInt(watchers.size) };
      watchers.add(w);
      call.write({ header: header(), watchId: w.id, created: true, canceled: false, compactRevision: 0n, cancelReason: '', fragment: false, events: [] });
      call.on('close', () => watchers.delete(w));
      call.on('error', () => watchers.delete(w));
    });
  },
};
server.addService(WatchService, watch);
const maintenance: MaintenanceServer = {
  status: (_c, cb) =>
    cb(null, { header: header(), version: 'null', dbSize: 0n, leader: 1n, raftIndex: 0n, raftTerm: 2n, raftAppliedIndex: 0n, errors: [], dbSizeInUse: 0n, isLearner: false }),
  alarm: (_c, cb) => fail(cb),
};
server.addService(MaintenanceService, maintenance);

const listen = process.argv[process.argv.indexOf('--listen-client-urls') + 1] ?? 'http://127.0.0.1:2379';
server.bindAsync(new URL(listen).host, ServerCredentials.createInsecure(), (err) => {
  if (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
});
process.on('SIGTERM', () => process.exit(0));
