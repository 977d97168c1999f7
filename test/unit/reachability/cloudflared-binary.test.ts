// Fetching cloudflared on first use, from a local stand-in for the GitHub release API (real HTTP on port 0).
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SautiError } from '../../../bridge/base/errors';
import {
  cloudflaredAssetFor,
  ensureCloudflared,
  publishedSha256,
} from '../../../bridge/reachability/cloudflared-binary';

const BINARY = Buffer.from('#!/bin/sh\necho cloudflared version 2026.1.0\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let dataDir: string;
let server: http.Server;
let base: string;
let release: Record<string, unknown>;
let served = BINARY;
let downloads = 0;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-cfd-'));
  downloads = 0;
  served = BINARY;
  server = http.createServer((req, res) => {
    if (req.url === '/release')
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(release));
    if (req.url === '/asset') {
      downloads++;
      return void res.writeHead(302, { location: '/asset-blob' }).end();
    }
    if (req.url === '/asset-blob') return void res.writeHead(200).end(served);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  release = {
    tag_name: '2026.1.0',
    body: `Fixes.\n### SHA256 Checksums:\n\`\`\`\ncloudflared-linux-amd64: ${sha(BINARY)}\ncloudflared-windows-amd64.exe: ${'0'.repeat(64)}\n\`\`\``,
    assets: [{ name: 'cloudflared-linux-amd64', browser_download_url: `${base}/asset` }],
  };
});

afterEach(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

const ensure = () =>
  ensureCloudflared({ dataDir, releaseApiUrl: `${base}/release`, platform: 'linux', arch: 'x64' });

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return { code: (err as SautiError).code, message: (err as SautiError).message };
  }
  throw new Error('expected a rejection');
}

describe('cloudflared binary', () => {
  it('names the official asset for each platform', () => {
    expect(cloudflaredAssetFor('linux', 'arm64')?.asset).toBe('cloudflared-linux-arm64');
    expect(cloudflaredAssetFor('darwin', 'arm64')).toMatchObject({
      asset: 'cloudflared-darwin-arm64.tgz',
      archive: 'tgz',
    });
    expect(cloudflaredAssetFor('win32', 'x64')?.asset).toBe('cloudflared-windows-amd64.exe');
    expect(cloudflaredAssetFor('aix', 'ppc64')).toBeNull();
  });

  it('prefers the asset digest over the release notes', () => {
    expect(
      publishedSha256(
        { assets: [{ name: 'a', digest: `sha256:${'AB'.repeat(32)}` }], body: `a: ${'0'.repeat(64)}` },
        'a',
      ),
    ).toBe('ab'.repeat(32));
  });

  it('downloads, verifies and installs it executable into DATA_DIR once', async () => {
    const file = await ensure();
    expect(file).toBe(path.join(dataDir, 'bin', 'cloudflared'));
    expect(readFileSync(file)).toEqual(BINARY);
    expect(statSync(file).mode & 0o111).not.toBe(0);
    expect(await ensure()).toBe(file);
    expect(downloads).toBe(1);
  });

  it('throws away a download that does not match the published checksum', async () => {
    served = Buffer.from('tampered');
    const err = await failure(ensure());
    expect(err.code).toBe('TUNNEL_CLOUDFLARED_UNVERIFIED');
    expect(existsSync(path.join(dataDir, 'bin', 'cloudflared'))).toBe(false);
  });

  it('refuses a release without a checksum', async () => {
    release.body = 'no checksums here';
    expect((await failure(ensure())).code).toBe('TUNNEL_CLOUDFLARED_UNVERIFIED');
  });

  it('offline: a clear message that names the other options', async () => {
    await new Promise((r) => server.close(r));
    server = http.createServer();
    server.listen(0);
    const err = await failure(ensure());
    expect(err.code).toBe('TUNNEL_CLOUDFLARED_UNAVAILABLE');
    expect(err.message).toMatch(/online/);
    expect(err.message).toMatch(/ngrok/);
    expect(err.message).toMatch(/own URL/);
  });

  it('re-downloads when the installed file was changed', async () => {
    const file = await ensure();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'changed');
    await ensure();
    expect(readFileSync(file)).toEqual(BINARY);
    expect(downloads).toBe(2);
  });
});
