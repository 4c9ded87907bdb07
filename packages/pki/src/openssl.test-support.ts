import { execFileSync } from 'node:child_process';

/** Runs openssl with the PEM on stdin: an independent parser to check what we wrote. */
export function openssl(pem: string, ...args: string[]): string {
  return execFileSync('openssl', args, { input: pem, encoding: 'utf8' });
}

/** The named X.509v3 extensions as openssl prints them, whitespace collapsed. */
export function extensions(certPem: string, names: string): string {
  return openssl(certPem, 'x509', '-noout', '-ext', names).replace(/\s+/g, ' ').trim();
}
