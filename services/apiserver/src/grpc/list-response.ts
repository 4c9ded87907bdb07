import type { ListResponse } from '@kubeling/proto/api';

function varint(n: number | bigint, out: number[]): void {
  let v = BigInt(n);
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

function header(field: number, length: number): Buffer {
  const out: number[] = [];
  varint((field << 3) | 2, out);
  varint(length, out);
  return Buffer.from(out);
}

/**
 * ListResponse's wire form written in one pass into one buffer: a list of 10,000 objects
 * is megabytes, and a general protobuf writer grows and copies its buffer many times.
 * Field numbers as in proto/kubeling/api/v1/api.proto.
 */
export function serializeListResponse(res: ListResponse): Buffer {
  const parts: Buffer[] = [];
  for (const item of res.items) parts.push(header(1, item.length), item);
  const text = (field: number, value: string) => {
    if (value === '') return;
    const bytes = Buffer.from(value);
    parts.push(header(field, bytes.length), bytes);
  };
  text(2, res.resourceVersion);
  text(3, res.continue);
  if (res.remainingItemCount !== 0n) {
    const out: number[] = [4 << 3];
    varint(BigInt.asUintN(64, res.remainingItemCount), out);
    parts.push(Buffer.from(out));
  }
  return Buffer.concat(parts);
}
