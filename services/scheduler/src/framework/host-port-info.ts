// The host ports in use on a node (framework.HostPortInfo): host IP → protocol/port pairs.
// A port bound on 0.0.0.0 conflicts with the same protocol and port on any IP, and any IP
// conflicts with 0.0.0.0.

/** DefaultBindAllHostIP: a port with no hostIP binds every address. */
const BIND_ALL_HOST_IP = '0.0.0.0';

/** One port a container asks for on its host. */
export interface HostPort {
  hostIP?: string;
  protocol?: string;
  hostPort?: number;
}

const pairKey = (protocol: string, port: number): string => `${protocol}/${port}`;

/** An empty hostIP means all addresses and an empty protocol TCP, as the API defaults them. */
function sanitize(port: HostPort): { ip: string; key: string } {
  return { ip: port.hostIP || BIND_ALL_HOST_IP, key: pairKey(port.protocol || 'TCP', port.hostPort ?? 0) };
}

export class HostPortInfo {
  /** host IP → "protocol/port" → how many pods hold it (two pods may hold one port when they were bound despite a conflict). */
  private readonly ports = new Map<string, Map<string, number>>();

  add(port: HostPort): void {
    if ((port.hostPort ?? 0) <= 0) return;
    const { ip, key } = sanitize(port);
    const byPair = this.ports.get(ip) ?? new Map<string, number>();
    byPair.set(key, (byPair.get(key) ?? 0) + 1);
    this.ports.set(ip, byPair);
  }

  remove(port: HostPort): void {
    if ((port.hostPort ?? 0) <= 0) return;
    const { ip, key } = sanitize(port);
    const byPair = this.ports.get(ip);
    const count = byPair?.get(key);
    if (byPair === undefined || count === undefined) return;
    if (count > 1) byPair.set(key, count - 1);
    else byPair.delete(key);
    if (byPair.size === 0) this.ports.delete(ip);
  }

  /** HostPortInfo.CheckConflict: would binding this port clash with one in use? */
  checkConflict(port: HostPort): boolean {
    if ((port.hostPort ?? 0) <= 0) return false;
    const { ip, key } = sanitize(port);
    if (ip === BIND_ALL_HOST_IP) return [...this.ports.values()].some((byPair) => byPair.has(key));
    return [BIND_ALL_HOST_IP, ip].some((candidate) => this.ports.get(candidate)?.has(key) ?? false);
  }
}
