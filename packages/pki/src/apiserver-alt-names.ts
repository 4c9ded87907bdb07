import { isIPv4 } from 'node:net';
import type { AltNames } from './serving-certificate.js';

export interface ApiServerAltNameOptions {
  /** The Service CIDR; its first address is the `kubernetes` Service's ClusterIP. */
  serviceSubnet?: string;
  /** The cluster's DNS domain, kubeadm's `networking.dnsDomain`. */
  dnsDomain?: string;
  /** More names, like kubeadm's `apiServer.certSANs` (node name, load balancer, ...). */
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
}

export const DEFAULT_SERVICE_SUBNET = '10.96.0.0/16';

/** Every name the apiserver answers on: local access, the in-cluster `kubernetes` Service, and the extras. */
export function apiServerAltNames(options: ApiServerAltNameOptions = {}): AltNames {
  const domain = options.dnsDomain ?? 'cluster.local';
  return {
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${domain}`, ...(options.dnsNames ?? [])],
    ipAddresses: ['127.0.0.1', firstServiceIp(options.serviceSubnet ?? DEFAULT_SERVICE_SUBNET), ...(options.ipAddresses ?? [])],
  };
}

/** The first host address of an IPv4 CIDR: 10.96.0.0/16 gives 10.96.0.1. */
export function firstServiceIp(cidr: string): string {
  const [address, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (!isIPv4(address) || !Number.isInteger(prefix) || prefix < 0 || prefix > 30) throw new Error(`"${cidr}" is not an IPv4 CIDR with room for a service IP`);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (ipv4ToNumber(address) & mask) >>> 0;
  return numberToIpv4(network + 1);
}

const ipv4ToNumber = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const numberToIpv4 = (n: number) => [24, 16, 8, 0].map((shift) => (n >>> shift) & 0xff).join('.');
