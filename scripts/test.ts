// Runs ava with its TAP reporter, passes its output through, and ends with the line CI
// reads: `N passed, N failed`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const ava = spawn('pnpm', ['exec', 'ava', '--tap', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] });
let passed = 0;
let failed = 0;
const lines = createInterface({ input: ava.stdout! });
lines.on('line', (line) => {
  process.stdout.write(`${line}\n`);
  if (/^not ok \d+/.test(line)) {
    if (/#\s*(TODO)/i.test(line)) return;
    failed++;
  } else if (/^ok \d+/.test(line) && !/#\s*(SKIP|TODO)/i.test(line)) {
    passed++;
  }
});
ava.on('exit', (code) => {
  lines.close();
  const none = passed + failed === 0;
  process.stdout.write(`${passed} passed, ${none ? 1 : failed} failed\n`);
  process.exit(none ? 1 : (code ?? 1));
});
