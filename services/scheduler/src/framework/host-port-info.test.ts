import test from 'ava';
import { HostPortInfo } from './host-port-info.js';

test('the same port conflicts only with the same protocol', (t) => {
  const ports = new HostPortInfo();
  ports.add({ hostIP: '127.0.0.1', protocol: 'TCP', hostPort: 80 });
  t.true(ports.checkConflict({ hostIP: '127.0.0.1', protocol: 'TCP', hostPort: 80 }));
  t.false(ports.checkConflict({ hostIP: '127.0.0.1', protocol: 'UDP', hostPort: 80 }));
  t.false(ports.checkConflict({ hostIP: '127.0.0.1', protocol: 'TCP', hostPort: 81 }));
});

test('different host IPs do not conflict, but 0.0.0.0 conflicts with every IP both ways', (t) => {
  const specific = new HostPortInfo();
  specific.add({ hostIP: '127.0.0.1', hostPort: 80 });
  t.false(specific.checkConflict({ hostIP: '127.0.0.2', hostPort: 80 }));
  t.true(specific.checkConflict({ hostIP: '0.0.0.0', hostPort: 80 }));
  t.true(specific.checkConflict({ hostPort: 80 }), 'no hostIP means all addresses');

  const wildcard = new HostPortInfo();
  wildcard.add({ hostPort: 80 });
  t.true(wildcard.checkConflict({ hostIP: '10.0.0.1', hostPort: 80 }));
  t.false(wildcard.checkConflict({ hostIP: '10.0.0.1', hostPort: 80, protocol: 'SCTP' }));
});

test('no protocol means TCP; port 0 (no host port) never conflicts', (t) => {
  const ports = new HostPortInfo();
  ports.add({ hostPort: 8080 });
  ports.add({ hostPort: 0 });
  t.true(ports.checkConflict({ hostPort: 8080, protocol: 'TCP' }));
  t.false(ports.checkConflict({ hostPort: 0 }));
});

test('a port held twice stays in use until both holders are removed', (t) => {
  const ports = new HostPortInfo();
  ports.add({ hostPort: 53, protocol: 'UDP' });
  ports.add({ hostPort: 53, protocol: 'UDP' });
  ports.remove({ hostPort: 53, protocol: 'UDP' });
  t.true(ports.checkConflict({ hostPort: 53, protocol: 'UDP' }));
  ports.remove({ hostPort: 53, protocol: 'UDP' });
  t.false(ports.checkConflict({ hostPort: 53, protocol: 'UDP' }));
});
