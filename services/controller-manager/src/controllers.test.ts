import test from 'ava';
import { enabledControllers } from './controllers.js';

test('--controllers: * turns every one on, -name turns one off, an unknown name is an error', (t) => {
  t.deepEqual(enabledControllers(['*']).map((d) => d.name), ['node-ipam-controller']);
  t.deepEqual(enabledControllers(['*', '-node-ipam-controller']), []);
  t.deepEqual(enabledControllers(['node-ipam-controller']).map((d) => d.name), ['node-ipam-controller']);
  t.throws(() => enabledControllers(['nope']), { message: '"nope" is not in the list of known controllers' });
});
