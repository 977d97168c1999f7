// Fetches the cloudflared binary on first use, on the user's machine, from Cloudflare's official GitHub
// releases into DATA_DIR/bin, and verifies it against the SHA-256 published for that release (the
// asset's `digest`, or the "SHA256 Checksums" block cloudflared's release script writes into the
// release notes) before it is ever made executable. Offline, it says so and names the other options.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SautiError } from '../base/errors';

export const CLOUDFLARED_RELEASE_API = 'https://api.github.com/repos/cloudflare/cloudflared/releases/latest';
const MAX_BINARY_BYTES = 150 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 120_000;

export interface CloudflaredAsset {
  /** The release asset's name, e.g. cloudflared-linux-amd64. */
  readonly asset: string;
  /** macOS builds ship as a .tgz holding `cloudflared`. */
  readonly archive: 'none' | 'tgz';
  readonly fileName: string;
}

/** The official asset for this platform, or null when Cloudflare publishes none. */
export function cloudflaredAssetFor(platform: NodeJS.Platform, arch: string): CloudflaredAsset | null {
  const a =
    arch === 'x64'
      ? 'amd64'
      : arch === 'arm64'
        ? 'arm64'
        : arch === 'arm'
          ? 'arm'
          : arch === 'ia32'
            ? '386'
            : null;
  if (!a) return null;
  if (platform === 'linux')
    return { asset: `cloudflared-linux-${a}`, archive: 'none', fileName: 'cloudflared' };
  if (platform === 'win32' && (a === 'amd64' || a === '386')) {
    return { asset: `cloudflared-windows-${a}.exe`, archive: 'none', fileName: 'cloudflared.exe' };
  }
  if (platform === 'darwin' && (a === 'amd64' || a === 'arm64')) {
    return { asset: `cloudflared-darwin-${a}.tgz`, archive: 'tgz', fileName: 'cloudflared' };
  }
  return null;
}

interface ReleaseJson {
  tag_name?: unknown;
  body?: unknown;
  assets?: { name?: unknown; browser_download_url?: unknown; size?: unknown; digest?: unknown }[];
}

/** The published SHA-256 of `assetName` in a release: the asset digest first, else the notes' block. */
export function publishedSha256(release: ReleaseJson, assetName: string): string | null {
  const asset = release.assets?.find((a) => a.name === assetName);
  if (typeof asset?.digest === 'string') {
    const m = /^sha256:([0-9a-f]{64})$/i.exec(asset.digest);
    if (m) return m[1]!.toLowerCase();
  }
  if (typeof release.body === 'string') {
    for (const line of release.body.split(/\r?\n/)) {
      const m = /^\s*([\w.-]+)\s*:\s*([0-9a-f]{64})\s*$/i.exec(line);
      if (m && m[1] === assetName) return m[2]!.toLowerCase();
    }
  }
  return null;
}

export interface EnsureCloudflaredOptions {
  readonly dataDir: string;
  readonly releaseApiUrl?: string;
  readonly platform?: NodeJS.Platform;
  readonly arch?: string;
  readonly fetch?: typeof fetch;
  /** Extracts a .tgz into a folder (macOS); the system `tar` by default. */
  readonly extractTgz?: (archive: string, intoDir: string) => Promise<void>;
}

const offline = (cause: unknown) =>
  new SautiError(
    'TUNNEL_CLOUDFLARED_UNAVAILABLE',
    'Could not download cloudflared (is this computer online?). Try again when online, or choose ngrok (paste an authtoken) or your own URL.',
    { cause, retryable: true },
  );

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Returns the path of a verified cloudflared binary, downloading it the first time. */
export async function ensureCloudflared(options: EnsureCloudflaredOptions): Promise<string> {
  const spec = cloudflaredAssetFor(options.platform ?? process.platform, options.arch ?? process.arch);
  if (!spec) {
    throw new SautiError(
      'TUNNEL_CLOUDFLARED_UNSUPPORTED',
      'Cloudflare publishes no cloudflared for this computer: choose ngrok or your own URL.',
    );
  }
  const binDir = path.join(options.dataDir, 'bin');
  const target = path.join(binDir, spec.fileName);
  const stamp = `${target}.sha256`;
  if (existsSync(target) && existsSync(stamp)) {
    const expected = readFileSync(stamp, 'utf8').trim();
    if (sha256(readFileSync(target)) === expected) return target;
  }

  const doFetch = options.fetch ?? fetch;
  let release: ReleaseJson;
  try {
    const res = await doFetch(options.releaseApiUrl ?? CLOUDFLARED_RELEASE_API, {
      headers: { accept: 'application/vnd.github+json', 'user-agent': 'sauti-console' },
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`release lookup answered HTTP ${res.status}`);
    release = (await res.json()) as ReleaseJson;
  } catch (err) {
    throw offline(err);
  }
  const asset = release.assets?.find((a) => a.name === spec.asset);
  const downloadUrl = typeof asset?.browser_download_url === 'string' ? asset.browser_download_url : null;
  const expected = publishedSha256(release, spec.asset);
  if (!downloadUrl || !/^https?:\/\//.test(downloadUrl)) {
    throw new SautiError(
      'TUNNEL_CLOUDFLARED_UNAVAILABLE',
      `The cloudflared release has no ${spec.asset}: choose ngrok or your own URL.`,
    );
  }
  if (!expected) {
    throw new SautiError(
      'TUNNEL_CLOUDFLARED_UNVERIFIED',
      'The cloudflared release publishes no checksum for this computer, so it was not installed. Choose ngrok or your own URL.',
    );
  }

  let bytes: Buffer;
  try {
    const res = await doFetch(downloadUrl, {
      redirect: 'follow',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`download answered HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > MAX_BINARY_BYTES) throw new Error('download too large');
    bytes = Buffer.from(await res.arrayBuffer());
    if (bytes.length > MAX_BINARY_BYTES) throw new Error('download too large');
  } catch (err) {
    throw offline(err);
  }
  const actual = sha256(bytes);
  if (actual !== expected) {
    throw new SautiError(
      'TUNNEL_CLOUDFLARED_UNVERIFIED',
      'The downloaded cloudflared did not match its published checksum and was thrown away. Try again later, or choose ngrok or your own URL.',
    );
  }

  mkdirSync(binDir, { recursive: true, mode: 0o700 });
  const work = mkdtempSync(path.join(binDir, '.download-'));
  try {
    let file = path.join(work, spec.fileName);
    if (spec.archive === 'tgz') {
      const archive = path.join(work, spec.asset);
      writeFileSync(archive, bytes, { mode: 0o600 });
      await (options.extractTgz ?? extractWithTar)(archive, work);
      if (!existsSync(file))
        throw new SautiError(
          'TUNNEL_CLOUDFLARED_UNVERIFIED',
          'The cloudflared archive did not hold cloudflared.',
        );
    } else {
      writeFileSync(file, bytes, { mode: 0o600 });
    }
    chmodSync(file, 0o755);
    const finalHash = sha256(readFileSync(file));
    renameSync(file, target);
    writeFileSync(stamp, `${finalHash}\n`, { mode: 0o600 });
    file = target;
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function extractWithTar(archive: string, intoDir: string): Promise<void> {
  await promisify(execFile)('tar', ['-xzf', archive, '-C', intoDir], { timeout: 60_000 });
}
