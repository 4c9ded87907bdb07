import test from 'ava';
import { expandCommand } from './expand-command.js';

test('$(VAR) takes the value of a literal env var; $$ escapes; unknown and downward-API vars stay as written', (t) => {
  const container = { name: 'c', env: [{ name: 'FILE', value: '/tmp/ok' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] };
  t.deepEqual(expandCommand(['cat', '$(FILE)', '$$(FILE)', '$(POD)', '$(NOPE)', '$HOME', '$(FILE'], container), ['cat', '/tmp/ok', '$(FILE)', '$(POD)', '$(NOPE)', '$HOME', '$(FILE']);
});
