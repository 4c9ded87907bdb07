// `pnpm bench <name>`: runs bench/<name>/main.ts.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const name = process.argv[2];
const entry = join(dirname(fileURLToPath(import.meta.url)), name ?? '', 'main.ts');
if (!name || !existsSync(entry)) {
  process.stderr.write(`usage: pnpm bench <name>   (known: store)\n`);
  process.exit(2);
}
await import(entry);
