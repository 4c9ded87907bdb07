import { createHash } from 'node:crypto';

const PRINTABLE = /^[\x20-\x7e]*$/;
const LONG_BYTES = 64;

function bytesText(b: Buffer): string {
  if (b.length > LONG_BYTES) return `<${b.length} bytes, sha1 ${createHash('sha1').update(b).digest('hex').slice(0, 12)}>`;
  const text = b.toString('latin1');
  return PRINTABLE.test(text) ? text : `0x${b.toString('hex')}`;
}

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (Buffer.isBuffer(value)) return bytesText(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** A request or response as readable one-line JSON: bigints as `12n`, bytes as text, 0x-hex, or a digest when long. */
export function render(value: unknown): string {
  return JSON.stringify(plain(value));
}
