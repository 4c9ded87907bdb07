import test from 'ava';
import { ApiError } from '../errors.js';
import { checkedDeleteOptions } from './deletion-finalizers.js';

const refusal = (raw: unknown) => {
  try {
    checkedDeleteOptions(raw);
    return undefined;
  } catch (err) {
    return err instanceof ApiError ? { code: err.code, message: err.message } : err;
  }
};

test('DeleteOptions: nulls dropped; fields of the wrong JSON type are a 400; both policies, or an unknown one, a 422', (t) => {
  t.deepEqual(checkedDeleteOptions({ gracePeriodSeconds: null, propagationPolicy: 'Orphan', kind: 'DeleteOptions' }), { propagationPolicy: 'Orphan' });
  t.deepEqual(refusal({ gracePeriodSeconds: 'soon' }), { code: 400, message: 'json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64' });
  t.deepEqual(refusal({ orphanDependents: 1 }), { code: 400, message: 'json: cannot unmarshal number into Go struct field DeleteOptions.orphanDependents of type bool' });
  t.deepEqual(refusal(null), { code: 400, message: 'json: cannot unmarshal null into Go value of type v1.DeleteOptions' });
  t.deepEqual(refusal({ orphanDependents: true, propagationPolicy: 'Orphan' }), {
    code: 422,
    message: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
  });
  t.deepEqual(refusal({ propagationPolicy: 'Sometimes' }), {
    code: 422,
    message: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sometimes": supported values: "Foreground", "Background", "Orphan", "nil"',
  });
});
