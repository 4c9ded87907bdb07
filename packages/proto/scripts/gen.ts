// Generates TypeScript from the .proto sources in proto/ with ts-proto (grpc-js services).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(pkg, '../..');
const out = join(pkg, 'src/gen');
const plugin = join(pkg, 'node_modules/.bin/protoc-gen-ts_proto');

const options = [
  'outputServices=grpc-js',
  'env=node',
  'esModuleInterop=true',
  'forceLong=bigint',
  'useOptionals=messages',
  'outputJsonMethods=false',
  'outputPartialMethods=false',
  'importSuffix=.js',
].join(',');

const sets: Array<{ root: string; files: string[] }> = [
  { root: join(root, 'proto/etcd'), files: ['mvccpb/kv.proto', 'etcdserverpb/rpc.proto'] },
  { root: join(root, 'proto'), files: ['kubeling/api/v1/api.proto', 'kubeling/cri/v1/api.proto'] },
];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const set of sets) {
  execFileSync(
    'protoc',
    [`--plugin=protoc-gen-ts_proto=${plugin}`, `--ts_proto_out=${out}`, `--ts_proto_opt=${options}`, `-I${set.root}`, ...set.files],
    { stdio: 'inherit' },
  );
}
