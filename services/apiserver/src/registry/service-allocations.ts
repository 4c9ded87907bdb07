import type { Logger } from 'pino';
import { errors } from '../errors.js';
import type { KubeObject } from '../storage/object.js';
import type { KeyAllocator } from './key-allocator.js';

interface ServicePort {
  port?: number;
  nodePort?: number;
  [k: string]: unknown;
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
}

const ownerOf = (svc: KubeObject) => `${svc.metadata?.namespace}/${svc.metadata?.name}`;
const specOf = (svc: KubeObject) => (svc.spec ?? {}) as ServiceSpec;
const wantsNodePorts = (spec: ServiceSpec) => spec.type === 'NodePort' || spec.type === 'LoadBalancer';

const invalid = (svc: KubeObject, field: string, value: unknown, why: string) =>
  errors.invalid({ group: '', kind: 'Service' }, svc.metadata?.name ?? '', `Service "${svc.metadata?.name}" is invalid: ${field}: Invalid value: ${JSON.stringify(value)}: ${why}`, [
    { reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${why}`, field },
  ]);

/**
 * ClusterIPs and NodePorts of Services, as the service REST storage allocates them: on
 * create (the one asked for, or any free one), released when the Service goes or no
 * longer needs them, and repaired at start from the Services that exist.
 */
export class ServiceAllocations {
  constructor(
    private readonly ips: KeyAllocator,
    private readonly ports: KeyAllocator,
    private readonly log: Logger,
  ) {}

  /** Fills spec.clusterIP(s) and nodePorts of a new Service, claiming them. */
  async allocate(svc: KubeObject): Promise<void> {
    const spec = specOf(svc);
    const owner = ownerOf(svc);
    if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None') {
      const wanted = spec.clusterIP || spec.clusterIPs?.[0];
      let ip: string | undefined;
      if (wanted) {
        if (!this.ips.has(wanted)) throw invalid(svc, 'spec.clusterIPs', [wanted], 'failed to allocate IP ' + wanted + ': provided IP is not in the valid range. The range of valid IPs is the service cluster IP range');
        if (!(await this.ips.claim(wanted, owner))) throw invalid(svc, 'spec.clusterIPs', [wanted], `failed to allocate IP ${wanted}: provided IP is already allocated`);
        ip = wanted;
      } else {
        ip = await this.ips.claimAny(owner);
        if (!ip) throw errors.internal('failed to allocate a serviceIP: range is full');
      }
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    }
    if (wantsNodePorts(spec)) {
      for (const [i, p] of (spec.ports ?? []).entries()) {
        if (p.nodePort) {
          const port = String(p.nodePort);
          if (!this.ports.has(port)) throw invalid(svc, `spec.ports[${i}].nodePort`, p.nodePort, 'provided port is not in the valid range. The range of valid ports is the service node port range');
          if (!(await this.ports.claim(port, owner))) throw invalid(svc, `spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated');
        } else {
          const port = await this.ports.claimAny(owner);
          if (!port) throw errors.internal('failed to allocate a nodePort: range is full');
          p.nodePort = Number(port);
        }
      }
    }
    svc.spec = spec;
  }

  /** Gives back what a Service held (after it is deleted, or its create failed). */
  async release(svc: KubeObject): Promise<void> {
    const spec = specOf(svc);
    const owner = ownerOf(svc);
    const held = await this.heldBy(owner);
    for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) if (held.ips.has(ip)) await this.ips.release(ip);
    for (const p of spec.ports ?? []) if (p.nodePort && held.ports.has(String(p.nodePort))) await this.ports.release(String(p.nodePort));
  }

  /**
   * The repair loop's one pass: every allocation whose Service is gone (a crash between
   * claim and create, or between delete and release) is freed.
   */
  async repair(services: KubeObject[]): Promise<void> {
    const live = new Set(services.map(ownerOf));
    for (const allocator of [this.ips, this.ports]) {
      for (const [value, owner] of await allocator.allocated()) {
        if (!live.has(owner)) {
          await allocator.release(value);
          this.log.info({ value, owner }, 'released a service allocation whose service is gone');
        }
      }
    }
  }

  private async heldBy(owner: string): Promise<{ ips: Set<string>; ports: Set<string> }> {
    const pick = async (a: KeyAllocator) => new Set([...(await a.allocated())].filter(([, o]) => o === owner).map(([v]) => v));
    return { ips: await pick(this.ips), ports: await pick(this.ports) };
  }
}
