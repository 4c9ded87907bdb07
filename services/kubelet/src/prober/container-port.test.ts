import test from 'ava';
import type { Container } from 'kubernetes-types/core/v1.js';
import { PortResolutionError, resolveContainerPort } from './container-port.js';

const container: Container = { name: 'web', ports: [{ name: 'http', containerPort: 8080 }, { name: 'admin', containerPort: 9000 }] };

test('a port is a number, a named container port, or a number written as a string', (t) => {
  t.is(resolveContainerPort(81, container), 81);
  t.is(resolveContainerPort('admin', container), 9000);
  t.is(resolveContainerPort('8443', container), 8443);
});

test('an unknown name or a number out of range is refused as Kubernetes words it', (t) => {
  t.throws(() => resolveContainerPort('metrics', container), { instanceOf: PortResolutionError, message: 'strconv.Atoi: parsing "metrics": invalid syntax' });
  t.throws(() => resolveContainerPort(70000, container), { message: 'invalid port number: 70000' });
  t.throws(() => resolveContainerPort(0, container), { message: 'invalid port number: 0' });
});
