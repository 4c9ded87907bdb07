/** kind-style progress: one line per step, ✓ or ✗. */
export async function step<T>(title: string, run: () => Promise<T>): Promise<T> {
  try {
    const result = await run();
    process.stdout.write(` ✓ ${title}\n`);
    return result;
  } catch (err) {
    process.stdout.write(` ✗ ${title}\n`);
    throw err;
  }
}
