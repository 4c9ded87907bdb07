import type { KubeObject } from './object.js';

/**
 * JSON bytes of an object from the watch cache, made once per object: a list of 10,000
 * pods or one event sent to 1,000 watchers would otherwise stringify the same object again
 * each time. Cached objects are never mutated (each change is a new object), so the bytes
 * stay true; the WeakMap lets them go with the object.
 */
const bytes = new WeakMap<KubeObject, Buffer>();

export function serializedJson(obj: KubeObject): Buffer {
  let b = bytes.get(obj);
  if (b === undefined) {
    b = Buffer.from(JSON.stringify(obj));
    bytes.set(obj, b);
  }
  return b;
}

/** A `<Kind>List` as JSON with its items' cached bytes spliced in (the same text JSON.stringify gives). */
export function serializedList(list: KubeObject & { items: KubeObject[] }): Buffer {
  const { items, ...rest } = list;
  const head = JSON.stringify(rest);
  const parts: Buffer[] = [Buffer.from(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"items":[`)];
  items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(serializedJson(item));
  });
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');
