import test from 'ava';
import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1.js';
import { makeNode, makePod } from '../../framework/testing/objects.js';
import { nodeMatchesNodeSelector, PreferredSchedulingTerms, RequiredNodeAffinity } from './node-affinity.js';

const node = makeNode('node-1', { labels: { zone: 'a', disk: 'ssd', cores: '16' } });
const matches = (...terms: NodeSelectorTerm[]) => nodeMatchesNodeSelector(node, { nodeSelectorTerms: terms });
const expression = (key: string, operator: string, values?: string[]): NodeSelectorTerm => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });

test('In and NotIn compare the label value with a set; NotIn also matches nodes without the label', (t) => {
  t.true(matches(expression('zone', 'In', ['a', 'b'])));
  t.false(matches(expression('zone', 'In', ['c'])));
  t.false(matches(expression('missing', 'In', ['a'])));
  t.true(matches(expression('zone', 'NotIn', ['c'])));
  t.false(matches(expression('zone', 'NotIn', ['a'])));
  t.true(matches(expression('missing', 'NotIn', ['a'])));
});

test('Exists and DoesNotExist look at the key only', (t) => {
  t.true(matches(expression('disk', 'Exists')));
  t.false(matches(expression('gpu', 'Exists')));
  t.true(matches(expression('gpu', 'DoesNotExist')));
  t.false(matches(expression('disk', 'DoesNotExist')));
});

test('Gt and Lt compare integers; a non-integer label or a missing one does not match', (t) => {
  t.true(matches(expression('cores', 'Gt', ['8'])));
  t.false(matches(expression('cores', 'Gt', ['16'])));
  t.true(matches(expression('cores', 'Lt', ['17'])));
  t.false(matches(expression('cores', 'Lt', ['16'])));
  t.false(matches(expression('zone', 'Gt', ['1'])));
  t.false(matches(expression('missing', 'Lt', ['100'])));
});

test('terms are ORed, requirements within a term ANDed; an empty term or one that does not parse matches nothing', (t) => {
  const both = (a: NodeSelectorRequirement, b: NodeSelectorRequirement): NodeSelectorTerm => ({ matchExpressions: [a, b] });
  t.true(matches(both({ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'Exists' })));
  t.false(matches(both({ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'DoesNotExist' })));
  t.true(matches(expression('zone', 'In', ['b']), expression('disk', 'In', ['ssd'])));
  t.false(matches({}));
  t.false(matches(expression('cores', 'Gt', ['many'])), 'Gt needs an integer');
  t.false(matches(expression('zone', 'In', [])), 'In needs values');
  t.false(matches(expression('zone', 'Near', ['a'])));
  t.true(matches(expression('zone', 'Near', ['a']), expression('zone', 'In', ['a'])), 'a bad term does not spoil the others');
});

test('matchFields matches metadata.name with In or NotIn and exactly one value', (t) => {
  const field = (operator: string, values: string[]): NodeSelectorTerm => ({ matchFields: [{ key: 'metadata.name', operator, values }] });
  t.true(matches(field('In', ['node-1'])));
  t.false(matches(field('In', ['node-2'])));
  t.true(matches(field('NotIn', ['node-2'])));
  t.false(matches(field('In', ['node-1', 'node-2'])), 'one value only');
  t.false(matches(field('Exists', [])));
  t.true(matches({ ...field('In', ['node-1']), ...expression('zone', 'In', ['a']) }));
  t.false(matches({ ...field('In', ['node-1']), ...expression('zone', 'In', ['b']) }));
});

test('required affinity: the nodeSelector must match exactly, and the required terms too', (t) => {
  const pod = (nodeSelector?: Record<string, string>, terms?: NodeSelectorTerm[]) =>
    makePod('p', { spec: { ...(nodeSelector ? { nodeSelector } : {}), ...(terms ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } : {}) } });
  t.true(new RequiredNodeAffinity(pod()).match(node));
  t.true(new RequiredNodeAffinity(pod({ zone: 'a' })).match(node));
  t.false(new RequiredNodeAffinity(pod({ zone: 'a', gpu: 'yes' })).match(node));
  t.false(new RequiredNodeAffinity(pod({ zone: 'a' }, [expression('disk', 'In', ['hdd'])])).match(node));
  t.true(new RequiredNodeAffinity(pod({ zone: 'a' }, [expression('disk', 'In', ['ssd'])])).match(node));
  t.false(new RequiredNodeAffinity(pod(undefined, [])).match(node), 'required affinity without terms matches no node');
});

test('preferred terms add their weights; weightless and empty terms count for nothing; a bad term is an error', (t) => {
  const terms = PreferredSchedulingTerms.of([
    { weight: 5, preference: expression('zone', 'In', ['a']) },
    { weight: 3, preference: expression('disk', 'In', ['hdd']) },
    { weight: 7, preference: expression('cores', 'Gt', ['4']) },
    { weight: 0, preference: expression('zone', 'Exists') },
    { weight: 9, preference: {} },
  ]);
  if (typeof terms === 'string') return t.fail(terms);
  t.is(terms.score(node), 12);
  t.is(typeof PreferredSchedulingTerms.of([{ weight: 1, preference: expression('cores', 'Lt', ['x']) }]), 'string');
});
