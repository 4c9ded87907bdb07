import test from 'ava';
import { compactionPolicy } from './mvcc/compactor.js';
import { FlagError, parseDuration, parseStoreFlags } from './flags.js';

test('etcd flag forms and defaults', (t) => {
  const f = parseStoreFlags(['--data-dir=/d', '--listen-client-urls', 'http://127.0.0.1:1,http://127.0.0.1:2', '-quota-backend-bytes', '1024']);
  t.is(f.dataDir, '/d');
  t.deepEqual(f.listenClientUrls, ['http://127.0.0.1:1', 'http://127.0.0.1:2']);
  t.deepEqual(f.advertiseClientUrls, f.listenClientUrls);
  t.is(f.quotaBackendBytes, 1024);
  t.is(f.maxRequestBytes, 1572864, "etcd's 1.5 MiB");
  t.is(f.maxTxnOps, 128);
});

test('bad flags name the flag', (t) => {
  t.throws(() => parseStoreFlags(['--nope=1']), { instanceOf: FlagError, message: /--nope/ });
  t.throws(() => parseStoreFlags(['--quota-backend-bytes', 'lots']), { instanceOf: FlagError, message: /--quota-backend-bytes/ });
  t.throws(() => parseStoreFlags(['--listen-client-urls', 'ftp://x']), { instanceOf: FlagError, message: /--listen-client-urls/ });
  t.throws(() => parseStoreFlags(['--listen-client-urls', 'https://127.0.0.1:1']), { instanceOf: FlagError, message: /--cert-file/ });
  t.throws(() => parseStoreFlags(['--data-dir']), { instanceOf: FlagError, message: /needs an argument/ });
});

test('durations and compaction policies as etcd reads them', (t) => {
  t.is(parseDuration('x', '1h30m'), 5_400_000);
  t.is(parseDuration('x', '500ms'), 500);
  t.throws(() => parseDuration('x', '5 minutes'), { instanceOf: FlagError });
  t.deepEqual(compactionPolicy('periodic', '0'), { mode: 'off' });
  t.deepEqual(compactionPolicy('periodic', '2'), { mode: 'periodic', retentionMs: 7_200_000 }, 'a bare number is hours');
  t.deepEqual(compactionPolicy('periodic', '30m'), { mode: 'periodic', retentionMs: 1_800_000 });
  t.deepEqual(compactionPolicy('revision', '1000'), { mode: 'revision', retention: 1000 });
  t.throws(() => compactionPolicy('revision', '1h'), { instanceOf: FlagError });
});
