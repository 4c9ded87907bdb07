import test from 'ava';
import { inTreeRegistry } from '../../plugins/registry.js';
import { ConfigError, defaultKubeSchedulerConfiguration, loadKubeSchedulerConfiguration } from './load.js';
import type { KubeSchedulerConfiguration } from './types.js';

const HEADER = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

const load = (yaml: string): KubeSchedulerConfiguration => loadKubeSchedulerConfiguration(HEADER + yaml, inTreeRegistry());

function errorsOf(yaml: string, header = HEADER): readonly string[] {
  try {
    loadKubeSchedulerConfiguration(header + yaml, inTreeRegistry());
  } catch (error) {
    if (error instanceof ConfigError) return error.errors;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

test("defaults: one default-scheduler profile with kube-scheduler's plugins and score weights, adaptive sampling", (t) => {
  const config = load('');
  t.deepEqual(config, defaultKubeSchedulerConfiguration());
  t.is(config.percentageOfNodesToScore, 0);
  const [profile] = config.profiles;
  t.is(profile.schedulerName, 'default-scheduler');
  t.deepEqual(profile.plugins.multiPoint.enabled, [
    { name: 'NodeUnschedulable' },
    { name: 'NodeName' },
    { name: 'TaintToleration', weight: 3 },
    { name: 'NodeAffinity', weight: 2 },
    { name: 'NodePorts' },
    { name: 'NodeResourcesFit', weight: 1 },
    { name: 'PodTopologySpread', weight: 2 },
    { name: 'InterPodAffinity', weight: 2 },
    { name: 'NodeResourcesBalancedAllocation', weight: 1 },
    { name: 'SelectorSpread', weight: 1 },
    { name: 'DefaultBinder' },
  ]);
});

test('a profile disables and re-weights plugins over the defaults; "*" disables every default at a point', (t) => {
  const config = load(`
percentageOfNodesToScore: 30
profiles:
- plugins:
    multiPoint:
      enabled:
      - name: TaintToleration
        weight: 7
    score:
      disabled:
      - name: NodeResourcesBalancedAllocation
    filter:
      disabled:
      - name: '*'
      enabled:
      - name: NodeName
`);
  t.is(config.percentageOfNodesToScore, 30);
  const { plugins, schedulerName } = config.profiles[0];
  t.is(schedulerName, 'default-scheduler', 'a single profile may leave its name out');
  t.deepEqual(plugins.multiPoint.enabled[2], { name: 'TaintToleration', weight: 7 }, 're-enabled defaults keep their place');
  t.deepEqual(plugins.score.disabled, [{ name: 'NodeResourcesBalancedAllocation' }]);
  t.deepEqual(plugins.filter, { enabled: [{ name: 'NodeName' }], disabled: [{ name: '*' }] });
});

test('several profiles, each named, with its own sampling and plugin args', (t) => {
  const config = load(`
profiles:
- schedulerName: default-scheduler
- schedulerName: bin-packing
  percentageOfNodesToScore: 100
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
        resources:
        - name: cpu
          weight: 3
        - name: memory
  - name: InterPodAffinity
    args:
      hardPodAffinityWeight: 5
`);
  t.deepEqual(
    config.profiles.map((profile) => profile.schedulerName),
    ['default-scheduler', 'bin-packing'],
  );
  const packing = config.profiles[1];
  t.is(packing.percentageOfNodesToScore, 100);
  t.deepEqual(packing.pluginConfig.get('NodeResourcesFit'), {
    ignoredResources: [],
    ignoredResourceGroups: [],
    scoringStrategy: {
      type: 'MostAllocated',
      resources: [
        { name: 'cpu', weight: 3 },
        { name: 'memory', weight: 1 },
      ],
    },
  });
  t.deepEqual(packing.pluginConfig.get('InterPodAffinity'), { hardPodAffinityWeight: 5, ignorePreferredTermsOfExistingPods: false });
});

test('errors name the field, all at once', (t) => {
  t.deepEqual(
    errorsOf(`
percentageOfNodesToScore: 101
profiles:
- schedulerName: a
  plugins:
    score:
      enabled:
      - name: NodeResourcesFitt
        weight: -1
- schedulerName: a
- percentageOfNodesToScore: x
`),
    [
      'percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]',
      'profiles[0].plugins.score.enabled[0].name: Not found: "NodeResourcesFitt"',
      'profiles[0].plugins.score.enabled[0].weight: Invalid value: -1: must be non-negative',
      'profiles[2].schedulerName: Required value',
      'profiles[2].percentageOfNodesToScore: Invalid value: "x": must be an integer',
      'profiles[1].schedulerName: Duplicate value: "profiles[0].schedulerName"',
    ],
  );
});

test("plugin args are validated with kube-scheduler's messages", (t) => {
  t.deepEqual(
    errorsOf(`
profiles:
- pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: Spread
        resources:
        - name: cpu
          weight: 101
      ignoredResourceGroups: [example.com/gpu]
  - name: NodeResourcesBalancedAllocation
    args:
      resources:
      - name: cpu
      - name: cpu
        weight: 2
  - name: InterPodAffinity
    args:
      hardPodAffinityWeight: 200
  - name: InterPodAffinity
  - name: NodeName
    args: {x: 1}
  - name: Nope
`),
    [
      "profiles[0].pluginConfig[0].args.ignoredResourceGroups[0]: Invalid value: \"example.com/gpu\": resource group name can't contain '/'",
      'profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: "Spread": supported values: "LeastAllocated", "MostAllocated"',
      'profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range (0, 100]',
      'profiles[0].pluginConfig[1].args.resources[1].name: Duplicate value: "cpu"',
      'profiles[0].pluginConfig[1].args.resources[1].weight: Invalid value: 2: must be 1',
      'profiles[0].pluginConfig[2].args.hardPodAffinityWeight: Invalid value: 200: not in valid range [0-100]',
      'profiles[0].pluginConfig[3]: Duplicate value: "InterPodAffinity"',
      'profiles[0].pluginConfig[4].args: Invalid value: {"x":1}: plugin NodeName takes no args',
      'profiles[0].pluginConfig[5].name: Not found: "Nope"',
    ],
  );
});

test('decoding is strict: unknown fields, unsupported extension points and a wrong kind are errors', (t) => {
  t.deepEqual(
    errorsOf(
      `
profiles:
- schedulerName: x
  plugin: {}
  plugins:
    permit:
      enabled: [{name: DefaultBinder}]
`,
      'apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\nleaderElection: {}\n',
    ),
    [
      'strict decoding error: unknown field "leaderElection"',
      'apiVersion: Invalid value: "kubescheduler.config.k8s.io/v1beta3": must be "kubescheduler.config.k8s.io/v1"',
      'strict decoding error: unknown field "profiles[0].plugin"',
      'profiles[0].plugins.permit: Forbidden: not supported by this scheduler; configure multiPoint, preFilter, filter, preScore, score, reserve, bind',
    ],
  );
  t.deepEqual(errorsOf('', ''), ['apiVersion: Required value', 'kind: Required value']);
  const syntax = errorsOf('profiles: [\n');
  t.true(syntax.length > 0 && syntax.every((message) => message.startsWith('yaml: ')), syntax.join('\n'));
});
