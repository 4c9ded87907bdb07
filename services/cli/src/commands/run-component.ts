import { spawn } from 'node:child_process';
import { nodeArgs, type Component } from '../components.js';

/** Runs a component in the foreground: its output here, signals passed on, its exit code ours. */
export function runComponent(c: Component, args: string[]): Promise<number> {
  const child = spawn(process.execPath, nodeArgs(c, args), { cwd: process.cwd(), stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1))));
}
