/** Thrown for bad command-line input; main prints it and exits 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string>;
}

/** Parses `--flag value`, `--flag=value` and bare `--switch` (given in `switches`). */
export function parseArgs(argv: string[], known: readonly string[], switches: readonly string[] = []): ParsedArgs {
  const flags = new Map<string, string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) {
      positionals.push(argv[i]);
      continue;
    }
    const [, name, inline] = m;
    if (!known.includes(name) && !switches.includes(name)) throw new UsageError(`unknown flag: --${name}`);
    if (switches.includes(name)) flags.set(name, inline ?? 'true');
    else if (inline !== undefined) flags.set(name, inline);
    else if (i + 1 < argv.length) flags.set(name, argv[++i]);
    else throw new UsageError(`flag needs an argument: --${name}`);
  }
  return { positionals, flags };
}

export function required(args: ParsedArgs, name: string): string {
  const value = args.flags.get(name);
  if (!value) throw new UsageError(`missing required flag --${name}`);
  return value;
}
