import test from 'ava';
import { ListResponse } from '@kubeling/proto/api';
import { serializeListResponse } from './list-response.js';

test('the one-pass ListResponse encoding decodes as the generated code reads it', (t) => {
  const cases: ListResponse[] = [
    { items: [], resourceVersion: '', continue: '', remainingItemCount: 0n },
    { items: [Buffer.from('{"a":1}'), Buffer.alloc(300, 0x61), Buffer.alloc(0)], resourceVersion: '12345', continue: 'eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ', remainingItemCount: 70000n },
  ];
  for (const c of cases) {
    const bytes = serializeListResponse(c);
    t.deepEqual(ListResponse.decode(bytes), c);
    t.deepEqual(bytes, Buffer.from(ListResponse.encode(c).finish()), 'byte for byte what ts-proto writes');
  }
});
