import test from 'ava';
import { apiServerAltNames, firstServiceIp } from './apiserver-alt-names.js';

test('the first service IP is the first host address of the service subnet', (t) => {
  t.is(firstServiceIp('10.96.0.0/16'), '10.96.0.1');
  t.is(firstServiceIp('10.96.0.0/12'), '10.96.0.1');
  t.is(firstServiceIp('172.20.5.77/24'), '172.20.5.1', 'host bits are masked off');
  t.is(firstServiceIp('192.168.255.0/24'), '192.168.255.1');
  t.throws(() => firstServiceIp('10.96.0.0'), { message: /not an IPv4 CIDR/ });
  t.throws(() => firstServiceIp('fd00::/108'), { message: /not an IPv4 CIDR/ });
  t.throws(() => firstServiceIp('10.0.0.0/32'), { message: /not an IPv4 CIDR/ });
});

test('the apiserver answers on localhost, the kubernetes Service names and IP, and any extras', (t) => {
  t.deepEqual(apiServerAltNames(), {
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
    ipAddresses: ['127.0.0.1', '10.96.0.1'],
  });
  t.deepEqual(apiServerAltNames({ serviceSubnet: '10.100.0.0/16', dnsDomain: 'example.org', dnsNames: ['lb.example.org'], ipAddresses: ['10.0.0.5'] }), {
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.example.org', 'lb.example.org'],
    ipAddresses: ['127.0.0.1', '10.100.0.1', '10.0.0.5'],
  });
});
