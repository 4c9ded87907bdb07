import test from 'ava';
import { Heap } from './heap.js';

interface Item {
  name: string;
  value: number;
}

const byValue = () => new Heap<Item>((item) => item.name, (a, b) => a.value < b.value);

function drain(heap: Heap<Item>): string[] {
  const names: string[] = [];
  for (let item = heap.pop(); item !== undefined; item = heap.pop()) names.push(item.name);
  return names;
}

/** A fixed pseudo-random sequence, so a failure reproduces. */
function values(count: number): number[] {
  let seed = 42;
  return Array.from({ length: count }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % 1000;
  });
}

test('pops in the order of the less function', (t) => {
  const heap = byValue();
  const items = values(200).map((value, i) => ({ name: `item-${i}`, value }));
  for (const item of items) heap.add(item);
  t.is(heap.length, 200);
  const expected = [...items].sort((a, b) => a.value - b.value).map((item) => item.value);
  const popped: number[] = [];
  for (let item = heap.pop(); item !== undefined; item = heap.pop()) popped.push(item.value);
  t.deepEqual(popped, expected);
  t.is(heap.length, 0);
  t.is(heap.peek(), undefined);
});

test('items the less function holds equal come out in insertion order', (t) => {
  const heap = byValue();
  const names = Array.from({ length: 50 }, (_, i) => `item-${i}`);
  for (const name of names) heap.add({ name, value: 7 });
  heap.add({ name: 'first', value: 1 });
  t.deepEqual(drain(heap), ['first', ...names]);
});

test('adding an item whose key is present replaces it and restores the order', (t) => {
  const heap = byValue();
  heap.add({ name: 'a', value: 1 });
  heap.add({ name: 'b', value: 2 });
  heap.add({ name: 'c', value: 3 });
  heap.add({ name: 'a', value: 4 });
  t.is(heap.length, 3);
  t.deepEqual(heap.get('a'), { name: 'a', value: 4 });
  heap.add({ name: 'c', value: 0 });
  t.deepEqual(drain(heap), ['c', 'b', 'a']);
});

test('delete removes by key from anywhere in the heap and keeps the rest ordered', (t) => {
  const heap = byValue();
  const items = values(100).map((value, i) => ({ name: `item-${i}`, value }));
  for (const item of items) heap.add(item);
  const deleted = new Set(items.filter((_, i) => i % 3 === 0).map((item) => item.name));
  for (const name of deleted) t.true(heap.delete(name));
  t.false(heap.delete('item-0'), 'already gone');
  t.false(heap.has('item-0'));
  t.true(heap.has('item-1'));
  const expected = items
    .filter((item) => !deleted.has(item.name))
    .sort((a, b) => a.value - b.value)
    .map((item) => item.value);
  const popped: number[] = [];
  for (let item = heap.pop(); item !== undefined; item = heap.pop()) popped.push(item.value);
  t.deepEqual(popped, expected);
});

test('list returns every item once; get finds by key', (t) => {
  const heap = byValue();
  heap.add({ name: 'a', value: 2 });
  heap.add({ name: 'b', value: 1 });
  t.deepEqual(heap.list().map((item) => item.name).sort(), ['a', 'b']);
  t.is(heap.get('missing'), undefined);
  t.is(heap.peek()?.name, 'b');
});
