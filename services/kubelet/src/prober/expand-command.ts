// kubecontainer.ExpandContainerCommandOnlyStatic: an exec probe's command may use $(VAR) for
// the container's env vars with literal values ($$ escapes a $); the probe has no access to
// env from the downward API or other sources, as in Kubernetes.
import type { Container } from 'kubernetes-types/core/v1.js';

function staticEnv(container: Container): Map<string, string> {
  const env = new Map<string, string>();
  for (const v of container.env ?? []) if (v.value !== undefined) env.set(v.name, v.value);
  return env;
}

/** third_party/forked/golang/expansion.Expand for one string: unknown references stay as written. */
function expand(input: string, env: Map<string, string>): string {
  return input.replace(/\$(\$|\(([^)]*)\))/g, (whole, body: string, name: string | undefined) => {
    if (body === '$') return '$';
    return name !== undefined && env.has(name) ? env.get(name)! : whole;
  });
}

export function expandCommand(command: readonly string[], container: Container): string[] {
  const env = staticEnv(container);
  return command.map((arg) => expand(arg, env));
}
