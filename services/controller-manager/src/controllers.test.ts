import test from 'ava';
import { enabledControllers, KNOWN_CONTROLLERS } from './controllers.js';

test('--controllers: * turns every one on, -name turns one off, an unknown name is an error', (t) => {
  const names = (spec: string[]) => enabledControllers(spec).map((d) => d.name);
  t.deepEqual(names(['*']), KNOWN_CONTROLLERS);
  t.true(KNOWN_CONTROLLERS.includes('replicaset-controller') && KNOWN_CONTROLLERS.includes('garbage-collector-controller'));
  t.deepEqual(names(['*', '-node-ipam-controller']), KNOWN_CONTROLLERS.filter((n) => n !== 'node-ipam-controller'));
  t.deepEqual(names(['node-ipam-controller', 'deployment-controller']), ['deployment-controller', 'node-ipam-controller']);
  t.throws(() => enabledControllers(['nope']), { message: '"nope" is not in the list of known controllers' });
});
