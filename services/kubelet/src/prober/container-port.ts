// probe.ResolveContainerPort: a probe's port is a number or the name of one of the
// container's ports (or a number written as a string, as a last resort).
import type { Container } from 'kubernetes-types/core/v1.js';

export class PortResolutionError extends Error {
  override readonly name = 'PortResolutionError';
}

function portByName(container: Container, name: string): number | undefined {
  return container.ports?.find((port) => port.name === name)?.containerPort;
}

function numberFromString(name: string): number {
  if (!/^[+-]?\d+$/.test(name)) throw new PortResolutionError(`strconv.Atoi: parsing ${JSON.stringify(name)}: invalid syntax`);
  return Number(name);
}

export function resolveContainerPort(port: number | string | undefined, container: Container): number {
  if (port === undefined) throw new PortResolutionError('intOrString had no kind: {Type:0 IntVal:0 StrVal:}');
  const resolved = typeof port === 'number' ? port : (portByName(container, port) ?? numberFromString(port));
  if (Number.isInteger(resolved) && resolved > 0 && resolved < 65536) return resolved;
  throw new PortResolutionError(`invalid port number: ${resolved}`);
}
