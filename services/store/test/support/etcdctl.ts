import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { waitFor } from '@kubeling/testing';

/** How an etcdctl run ended. */
export interface EtcdctlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const env = { ...process.env, ETCDCTL_API: '3' };
const RUN_TIMEOUT_MS = 30_000;

/**
 * The real etcdctl (v3 API) pointed at one endpoint, as a user runs it: `run` for a command
 * that must succeed (its stdout), `fail` for one that must fail (its result), `json` for
 * `-w json` output, and `background` for a long-running one (watch).
 */
export class Etcdctl {
  constructor(readonly endpoint: string) {}

  private args(args: readonly string[]): string[] {
    return ['--endpoints', this.endpoint, ...args];
  }

  /** Runs to completion (killed after 30 s), feeding `stdin` if given. */
  exec(args: readonly string[], stdin?: string): Promise<EtcdctlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('etcdctl', this.args(args), { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: RUN_TIMEOUT_MS });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      // A command that never reads stdin may exit before it is closed: EPIPE then says nothing.
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin ?? '');
    });
  }

  /** stdout of a command that must exit 0. */
  async run(args: readonly string[], stdin?: string): Promise<string> {
    const result = await this.exec(args, stdin);
    if (result.code !== 0) throw new Error(`etcdctl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  }

  /** `-w json` output, parsed. Numbers above 2^53 (ids) lose precision the same way everywhere they are parsed. */
  async json<T>(args: readonly string[]): Promise<T> {
    return JSON.parse(await this.run([...args, '-w', 'json'])) as T;
  }

  /** The result of a command that must exit non-zero. */
  async fail(args: readonly string[], stdin?: string): Promise<EtcdctlResult> {
    const result = await this.exec(args, stdin);
    if (result.code === 0) throw new Error(`etcdctl ${args.join(' ')} succeeded, expected a failure; stdout: ${result.stdout}`);
    return result;
  }

  /** Starts a long-running command (such as watch); stop it with `kill()`. */
  background(args: readonly string[]): BackgroundEtcdctl {
    return new BackgroundEtcdctl(this.args(args));
  }
}

/** A long-running etcdctl whose output is collected; ended by its pid. */
export class BackgroundEtcdctl {
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;
  private readonly exited: Promise<void>;
  stdout = '';
  stderr = '';

  constructor(args: string[]) {
    this.child = spawn('etcdctl', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('close', () => resolve()));
  }

  /** Resolves with stdout once `done(stdout)` holds; fails (showing what came) if it does not in time. */
  async waitForOutput(done: (stdout: string) => boolean, what: string): Promise<string> {
    try {
      return await waitFor(() => done(this.stdout) && this.stdout, { timeoutMs: 15_000, what });
    } catch (error) {
      throw new Error(`${(error as Error).message}; stdout so far: ${JSON.stringify(this.stdout)}; stderr: ${JSON.stringify(this.stderr)}`);
    }
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined) process.kill(this.child.pid, 'SIGTERM');
    await this.exited;
  }
}
