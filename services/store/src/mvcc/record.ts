import { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import { KeyValue } from '@kubeling/proto/etcd';

/**
 * What the `revs` table holds for one revision: a flag byte (1 = tombstone, as etcd
 * marks tombstone revisions) then the mvccpb.KeyValue in its wire form.
 */
export interface StoredRecord {
  tombstone: boolean;
  kv: KeyValue;
}

const writer = new BinaryWriter();

export function encodeRecord(record: StoredRecord): Buffer {
  writer.uint32(record.tombstone ? 1 : 0);
  KeyValue.encode(record.kv, writer);
  return Buffer.from(writer.finish());
}

export function decodeRecord(buf: Buffer): StoredRecord {
  const reader = new BinaryReader(buf);
  const tombstone = reader.uint32() === 1;
  return { tombstone, kv: KeyValue.decode(reader, buf.length - reader.pos) };
}
