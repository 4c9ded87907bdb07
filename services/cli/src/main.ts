import { UsageError } from './cli-flags.js';
import { CLUSTER_COMPONENTS, component, COMPONENTS } from './components.js';
import { down, start, status, stop } from './commands/process-control.js';
import { runComponent } from './commands/run-component.js';
import { up } from './commands/up.js';

const USAGE = `usage: kubeling <command> [flags]

commands:
  up --name N --data-dir D [--nodes K] [--proxy-mode iptables|userspace]
                                       start a local cluster: ${CLUSTER_COMPONENTS.map((c) => c.name).join(', ')}
  down --data-dir D                    stop every process of the cluster
  status --data-dir D                  which processes run
  start --data-dir D <process>|--all   start a process again with its recorded flags
  stop --data-dir D <process>|--all    stop a process
  <component> [flags]                  run one component in the foreground:
                                       ${COMPONENTS.map((c) => c.name).join(', ')}
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = { up, down, status, start, stop };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const c = component(command);
  if (c) return runComponent(c, rest);
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command "${command}"`);
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) {
      process.stderr.write(`kubeling: ${err.message}\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`kubeling: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
