import test from 'ava';
import { expand, mappingFor } from './expansion.js';

const mapping = mappingFor(new Map([['VAR_A', 'A'], ['VAR_B', 'B'], ['EMPTY', '']]), new Map([['SERVICE', 'svc'], ['VAR_A', 'shadowed']]));

const cases: Array<[string, string]> = [
  ['$(VAR_A)', 'A'],
  ['___$(VAR_B)___', '___B___'],
  ['$(VAR_A)-$(VAR_B)', 'A-B'],
  ['$(SERVICE)', 'svc'],
  ['$(EMPTY)', ''],
  ['$(UNKNOWN)', '$(UNKNOWN)'],
  ['$$(VAR_A)', '$(VAR_A)'],
  ['$$$(VAR_A)', '$A'],
  ['$$$$(VAR_A)', '$$(VAR_A)'],
  ['$(VAR_A', '$(VAR_A'],
  ['$VAR_A', '$VAR_A'],
  ['$', '$'],
  ['foo$', 'foo$'],
  ['$()', '$()'],
  ['$(VAR_A)$(VAR_A)$', 'AA$'],
  ['no variables', 'no variables'],
  ['', ''],
];

for (const [input, want] of cases) {
  test(`expand ${JSON.stringify(input)}`, (t) => {
    t.is(expand(input, mapping), want);
  });
}
