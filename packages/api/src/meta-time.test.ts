import test from 'ava';
import { microTime, rfc3339 } from './meta-time.js';

test('metav1.Time is to the second, metav1.MicroTime to the microsecond', (t) => {
  const date = new Date('2026-12-02T14:00:00.123Z');
  t.is(rfc3339(date), '2026-12-02T14:00:00Z');
  t.is(microTime(date), '2026-12-02T14:00:00.123000Z');
  t.is(microTime(new Date('2026-12-02T14:00:00Z')), '2026-12-02T14:00:00.000000Z');
});
