import test from 'ava';
import { FieldPathError, formatMap, podFieldValue, type PodRuntimeFields } from './field-ref.js';
import { makePod } from './test-support.js';

const runtime: PodRuntimeFields = { nodeName: 'fallback-node', podIPs: ['10.244.1.5', 'fd00::5'], hostIPs: ['192.168.0.2'] };
const pod = makePod();
pod.metadata!.labels = { app: 'web', tier: 'front' };
pod.metadata!.annotations = { 'example.com/q': 'say "hi"\n' };

const value = (fieldPath: string, apiVersion = 'v1') => podFieldValue(pod, { fieldPath, apiVersion }, runtime);

test('metadata fields', (t) => {
  t.is(value('metadata.name'), 'web');
  t.is(value('metadata.namespace'), 'ns');
  t.is(value('metadata.uid'), 'uid-1');
  t.is(value("metadata.labels['tier']"), 'front');
  t.is(value("metadata.labels['missing']"), '');
  t.is(value("metadata.annotations['example.com/q']"), 'say "hi"\n');
});

test('whole label and annotation maps print as Go key="value" lines in key order', (t) => {
  t.is(value('metadata.labels'), 'app="web"\ntier="front"');
  t.is(value('metadata.annotations'), 'example.com/q="say \\"hi\\"\\n"');
  t.is(formatMap({ b: '\x01\x07', a: '' }), 'a=""\nb="\\x01\\a"');
});

test('spec and status fields come from the pod or the runtime', (t) => {
  t.is(value('spec.nodeName'), 'node-1');
  t.is(value('spec.host'), 'node-1');
  t.is(podFieldValue(makePod({ nodeName: undefined }), { fieldPath: 'spec.nodeName' }, runtime), 'fallback-node');
  t.is(value('spec.serviceAccountName'), 'sa');
  t.is(value('status.podIP'), '10.244.1.5');
  t.is(value('status.podIPs'), '10.244.1.5,fd00::5');
  t.is(value('status.hostIP'), '192.168.0.2');
  t.is(value('status.hostIPs'), '192.168.0.2');
});

test('unsupported paths fail with Kubernetes messages', (t) => {
  t.is(t.throws(() => value('spec.containers'), { instanceOf: FieldPathError }).message, 'field label not supported: spec.containers');
  t.is(t.throws(() => value("metadata.name['x']"), { instanceOf: FieldPathError }).message, "field label does not support subscript: metadata.name['x']");
  t.is(t.throws(() => value('metadata.name', 'v2'), { instanceOf: FieldPathError }).message, 'unsupported pod version: v2');
  // Accepted by the label conversion but not extractable, as in the kubelet.
  t.is(t.throws(() => value('status.phase'), { instanceOf: FieldPathError }).message, 'unsupported fieldPath: status.phase');
});
