// The host's self-signed TLS certificate for the LAN listener, made once and kept (key in the secret
// store). node:crypto cannot issue X.509 certificates, so @peculiar/x509 builds it over WebCrypto
// (ECDSA P-256). Teammates pin its SHA-256 fingerprint at pairing instead of trusting a CA.
import { createHash, createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { SecretStore } from '../base/secret-store';

export interface HostCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** Lowercase hex SHA-256 of the certificate's DER bytes. */
  readonly fingerprint: string;
}

const CERT = 'team-tls-cert';
const KEY = 'team-tls-key';
const VALIDITY_MS = 10 * 365 * 24 * 3600_000;

export function certificateFingerprint(certPemOrDer: string | Buffer): string {
  const der = typeof certPemOrDer === 'string' ? new X509Certificate(certPemOrDer).raw : certPemOrDer;
  return createHash('sha256').update(der).digest('hex');
}

/** "ab12cd…" → "AB:12:CD:…", as browsers show it. */
export function formatFingerprint(hex: string): string {
  return hex.toUpperCase().match(/.{2}/g)?.join(':') ?? hex;
}

export async function loadOrCreateHostCertificate(
  secrets: SecretStore,
  nowMs: number,
): Promise<HostCertificate> {
  const certPem = secrets.get(CERT);
  const keyPem = secrets.get(KEY);
  if (certPem && keyPem) {
    const cert = new X509Certificate(certPem);
    if (Date.parse(cert.validTo) > nowMs + 24 * 3600_000)
      return { certPem, keyPem, fingerprint: certificateFingerprint(certPem) };
  }
  const made = await createHostCertificate(nowMs);
  secrets.set(KEY, made.keyPem);
  secrets.set(CERT, made.certPem);
  return made;
}

export async function createHostCertificate(nowMs: number): Promise<HostCertificate> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  serial[0] = serial[0]! & 0x7f;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: 'CN=Sauti Console team host',
    notBefore: new Date(nowMs - 60_000),
    notAfter: new Date(nowMs + VALIDITY_MS),
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
    .export({ format: 'pem', type: 'pkcs8' })
    .toString();
  const certPem = cert.toString('pem');
  return { certPem, keyPem, fingerprint: certificateFingerprint(certPem) };
}
