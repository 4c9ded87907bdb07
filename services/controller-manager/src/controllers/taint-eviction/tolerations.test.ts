import test from 'ava';
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { toleratesTaint } from '@kubeling/api/tolerations';
import { evictionTime } from './tolerations.js';

const UNREACHABLE: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-12-02T10:00:00Z' };
const NOT_READY: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: '2026-12-02T10:00:10Z' };
const T0 = Date.parse('2026-12-02T10:00:00Z');
const added = (taint: Taint) => Date.parse(taint.timeAdded!);

test('toleration matching: key, effect, operator and value', (t) => {
  t.true(toleratesTaint({ key: UNREACHABLE.key, operator: 'Exists', effect: 'NoExecute' }, UNREACHABLE));
  t.true(toleratesTaint({ operator: 'Exists' }, UNREACHABLE), 'empty key and effect: everything');
  t.false(toleratesTaint({ key: UNREACHABLE.key, operator: 'Exists', effect: 'NoSchedule' }, UNREACHABLE));
  t.true(toleratesTaint({ key: 'k', value: 'v', effect: 'NoExecute' }, { key: 'k', value: 'v', effect: 'NoExecute' }), 'no operator means Equal');
  t.false(toleratesTaint({ key: 'k', operator: 'Equal', value: 'w' }, { key: 'k', value: 'v', effect: 'NoExecute' }));
  t.false(toleratesTaint({ key: 'k', operator: 'Near' as Toleration['operator'] }, { key: 'k', effect: 'NoExecute' }));
});

test('eviction time: now when a taint is not tolerated, never when all are tolerated forever, else the earliest end counted from timeAdded', (t) => {
  const now = T0 + 1000;
  t.is(evictionTime([UNREACHABLE], [], now, added), now);
  t.is(evictionTime([UNREACHABLE, NOT_READY], [{ key: UNREACHABLE.key, operator: 'Exists' }], now, added), now, 'one of two tolerated');
  t.is(evictionTime([UNREACHABLE], [{ key: UNREACHABLE.key, operator: 'Exists', effect: 'NoExecute' }], now, added), undefined);
  t.is(evictionTime([UNREACHABLE], [{ key: UNREACHABLE.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }], now, added), T0 + 5000);
  const both: Toleration[] = [
    { key: UNREACHABLE.key, operator: 'Exists', tolerationSeconds: 300 },
    { key: NOT_READY.key, operator: 'Exists', tolerationSeconds: 5 },
  ];
  t.is(evictionTime([UNREACHABLE, NOT_READY], both, now, added), T0 + 15_000, 'not-ready was added 10 s later, tolerated 5 s');
  t.is(evictionTime([UNREACHABLE], [{ operator: 'Exists', tolerationSeconds: -3 }], now, added), T0, 'negative seconds: at once');
  t.is(evictionTime([UNREACHABLE], [{ operator: 'Exists', tolerationSeconds: 5 }, { operator: 'Exists' }], now, added), T0 + 5000, 'the first matching toleration counts');
});
