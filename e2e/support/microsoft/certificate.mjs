/**
 * A throwaway TLS certificate for the stand-ins, made with openssl at test time in a temporary folder that
 * is removed at once (the key never lands in the project). Chromium is told to accept it (ignoreHTTPSErrors).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The names the stand-ins answer for. */
const NAMES = [
  'login.microsoftonline.com',
  'graph.microsoft.com',
  '*.files.1drv.com',
  '*.bn.files.1drv.com',
  'localhost',
];

/** A fresh self-signed certificate and its key, as PEM. */
export function throwawayCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'textkeep-ms-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      process.env.OPENSSL ?? 'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=Textkeep test stand-in',
        '-addext',
        `subjectAltName=${NAMES.map((n) => `DNS:${n}`).join(',')}`,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
