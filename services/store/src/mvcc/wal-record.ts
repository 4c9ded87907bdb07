import { crc32 } from 'node:zlib';

/** A write as LMDB sees it: which table, which key, the value (none: delete). */
export interface RawOp {
  table: number;
  key: Buffer;
  value?: Buffer;
}

const HEADER = 8;

/**
 * One WAL record: [payload length u32][checksum u32][payload], the payload being each op
 * as [table u8, 1 = put][key length u16][key] and for a put [value length u32][value].
 * The checksum is the crc32 of the payload seeded with the segment's sequence number, so
 * that records a recycled segment still holds from its previous use do not check out.
 * Zeros or a bad checksum mark the end of what was written whole.
 */
export function encodeRecord(ops: RawOp[], seq: number): Buffer {
  let size = HEADER;
  for (const op of ops) size += 3 + op.key.length + (op.value ? 4 + op.value.length : 0);
  const buf = Buffer.allocUnsafe(size);
  let at = HEADER;
  for (const op of ops) {
    buf[at] = (op.table << 1) | (op.value ? 1 : 0);
    buf.writeUInt16BE(op.key.length, at + 1);
    at += 3;
    at += op.key.copy(buf, at);
    if (op.value) {
      buf.writeUInt32BE(op.value.length, at);
      at += 4;
      at += op.value.copy(buf, at);
    }
  }
  buf.writeUInt32BE(size - HEADER, 0);
  buf.writeUInt32BE(checksum(buf.subarray(HEADER), seq), 4);
  return buf;
}

function checksum(payload: Buffer, seq: number): number {
  return crc32(payload, seq >>> 0);
}

/** The whole records of segment `seq` at the start of `buf`, in order; stops at the first torn, stale or empty one. */
export function* decodeRecords(buf: Buffer, seq: number): Generator<RawOp[]> {
  let at = 0;
  while (at + HEADER <= buf.length) {
    const length = buf.readUInt32BE(at);
    // Zeros are the preallocated tail. An empty record is not zeros: its checksum is the seed, and seq is never 0.
    if ((length === 0 && buf.readUInt32BE(at + 4) === 0) || at + HEADER + length > buf.length) return;
    const payload = buf.subarray(at + HEADER, at + HEADER + length);
    if (checksum(payload, seq) !== buf.readUInt32BE(at + 4)) return;
    yield decodePayload(payload);
    at += HEADER + length;
  }
}

function decodePayload(payload: Buffer): RawOp[] {
  const ops: RawOp[] = [];
  let at = 0;
  while (at < payload.length) {
    const tag = payload[at]!;
    const keyLength = payload.readUInt16BE(at + 1);
    at += 3;
    const key = payload.subarray(at, at + keyLength);
    at += keyLength;
    if (tag & 1) {
      const valueLength = payload.readUInt32BE(at);
      at += 4;
      ops.push({ table: tag >> 1, key, value: payload.subarray(at, at + valueLength) });
      at += valueLength;
    } else {
      ops.push({ table: tag >> 1, key });
    }
  }
  return ops;
}
