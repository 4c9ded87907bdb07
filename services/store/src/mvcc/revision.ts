/**
 * A revision as etcd's mvcc has it: main (the store revision a write transaction made)
 * and sub (the change's position inside that transaction). In memory a revision is one
 * packed number, main * 2^SUB_BITS + sub, so comparisons stay plain `<`; on disk it is
 * 12 big-endian bytes, so LMDB's key order is revision order.
 */
export const SUB_BITS = 20;
const SUB_SPAN = 2 ** SUB_BITS;
/** The most changes one revision can hold (a DeleteRange over more keys is refused). */
export const MAX_SUB = SUB_SPAN - 1;
/** Highest main revision the packing keeps exact (2^33: decades of writes at thousands a second). */
export const MAX_MAIN = 2 ** (53 - SUB_BITS);

export type Rev = number;

export function rev(main: number, sub = 0): Rev {
  return main * SUB_SPAN + sub;
}

export function mainOf(r: Rev): number {
  return Math.floor(r / SUB_SPAN);
}

export function subOf(r: Rev): number {
  return r % SUB_SPAN;
}

export function revToBytes(r: Rev): Buffer {
  const buf = Buffer.allocUnsafe(12);
  buf.writeUInt16BE(0, 0);
  buf.writeUIntBE(mainOf(r), 2, 6);
  buf.writeUInt32BE(subOf(r), 8);
  return buf;
}

export function bytesToRev(buf: Buffer): Rev {
  return rev(buf.readUIntBE(2, 6), buf.readUInt32BE(8));
}
