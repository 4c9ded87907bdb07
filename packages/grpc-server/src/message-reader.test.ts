import test from 'ava';
import { frame, MessageReader } from './message-reader.js';
import { GrpcStatus, StatusError } from './status.js';

test('messages split across chunks in any way come out whole and in order', (t) => {
  const messages = [Buffer.from('a'), Buffer.alloc(0), Buffer.alloc(300, 7), Buffer.from('last')];
  const wire = Buffer.concat(messages.map((m) => frame(m)));
  for (const step of [1, 2, 5, 7, 64, wire.length]) {
    const reader = new MessageReader(1024);
    const out: Buffer[] = [];
    for (let at = 0; at < wire.length; at += step) out.push(...reader.push(wire.subarray(at, at + step)));
    t.deepEqual(out, messages, `chunks of ${step}`);
    t.false(reader.partial);
  }
});

test('a body cut inside a message is partial', (t) => {
  const reader = new MessageReader(1024);
  t.deepEqual(reader.push(frame(Buffer.from('hello')).subarray(0, 7)), []);
  t.true(reader.partial);
});

test('too large and compressed messages are refused with the right codes', (t) => {
  const big = frame(Buffer.alloc(2000));
  const tooLarge = t.throws(() => new MessageReader(1024).push(big.subarray(0, 10)), { instanceOf: StatusError });
  t.is(tooLarge?.code, GrpcStatus.RESOURCE_EXHAUSTED);
  t.is(tooLarge?.details, 'grpc: received message larger than max (2000 vs. 1024)');
  const compressed = frame(Buffer.from('x'));
  compressed[0] = 1;
  t.is(t.throws(() => new MessageReader(1024).push(compressed), { instanceOf: StatusError })?.code, GrpcStatus.UNIMPLEMENTED);
});
