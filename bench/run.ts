// `pnpm bench <name>`: runs bench/<name>/main.ts.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const entryOf = (name: string) => join(benchDir, name, 'main.ts');
const known = readdirSync(benchDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(entryOf(d.name)))
  .map((d) => d.name);

const name = process.argv[2];
if (!name || !known.includes(name)) {
  process.stderr.write(`usage: pnpm bench <name>   (known: ${known.join(', ')})\n`);
  process.exit(2);
}
await import(entryOf(name));
