// Can Sautikit, out on the internet, ever reach this URL? Only an https URL whose host is a public
// address: not loopback (this computer only), not a private LAN range, link-local, carrier-grade NAT,
// documentation or multicast block, and not a name only the local network knows. A host name is
// looked up: when every address it has is one of those, Sautikit cannot reach it either.
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Resolves a host name to its addresses (node's dns.lookup with `all`, or a stand-in in tests). */
export type LookupAll = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export interface AddressVerdict {
  readonly ok: boolean;
  /** In plain words, for the setup report. */
  readonly detail: string;
}

interface Range {
  readonly block: BlockList;
  readonly why: string;
}

function range(why: string, subnets: readonly [string, number, 'ipv4' | 'ipv6'][]): Range {
  const block = new BlockList();
  for (const [net, prefix, type] of subnets) block.addSubnet(net, prefix, type);
  return { block, why };
}

// IANA special-purpose registries (RFC 6890 and successors): none of these is reachable from the internet.
const RANGES: readonly Range[] = [
  range('is this computer itself (loopback)', [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ]),
  range('is an address on a private network (your LAN or office)', [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ]),
  range('is a link-local address (this network link only)', [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ]),
  range("is inside your internet provider's network (carrier-grade NAT)", [['100.64.0.0', 10, 'ipv4']]),
  range('is not an address anyone can connect to', [
    ['0.0.0.0', 8, 'ipv4'],
    ['192.0.0.0', 24, 'ipv4'],
    ['192.0.2.0', 24, 'ipv4'],
    ['198.18.0.0', 15, 'ipv4'],
    ['198.51.100.0', 24, 'ipv4'],
    ['203.0.113.0', 24, 'ipv4'],
    ['224.0.0.0', 4, 'ipv4'],
    ['240.0.0.0', 4, 'ipv4'],
    ['::', 128, 'ipv6'],
    ['2001:db8::', 32, 'ipv6'],
    ['ff00::', 8, 'ipv6'],
  ]),
];

/** Names that only a local network (or this computer) resolves. */
const LOCAL_SUFFIXES = [
  '.localhost',
  '.local',
  '.lan',
  '.home',
  '.internal',
  '.intranet',
  '.home.arpa',
  '.corp',
];

/** Why an IP address is not reachable from the internet, or null when it is a public one. */
export function whyAddressIsNotPublic(address: string): string | null {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  const ip = mapped ? mapped[1]! : address;
  const family = isIP(ip);
  if (family === 0) return 'is not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const r of RANGES) if (r.block.check(ip, type)) return r.why;
  return null;
}

/** Whether Sautikit can reach `url`, looking its host name up when it has one. */
export async function checkPublicUrl(url: string, lookup: LookupAll = lookupAll): Promise<AddressVerdict> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, detail: `${url} is not a web address` };
  }
  if (parsed.protocol !== 'https:')
    return {
      ok: false,
      detail: `${url} is plain ${parsed.protocol.replace(':', '')}: Sautikit only calls https addresses (and streams calls over wss). Use a tunnel or an https address of your own.`,
    };
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const unreachable = (why: string): AddressVerdict => ({
    ok: false,
    detail: `Sautikit cannot reach ${url}: ${parsed.hostname} ${why}. Use a tunnel (Cloudflare or ngrok) or a public https address.`,
  });
  if (isIP(host) !== 0) {
    const why = whyAddressIsNotPublic(host);
    return why ? unreachable(why) : { ok: true, detail: `${url} is a public https address` };
  }
  if (host === 'localhost' || LOCAL_SUFFIXES.some((s) => host.endsWith(s)) || !host.includes('.'))
    return unreachable('is a name only this computer or its local network knows');
  let addresses: readonly { address: string }[];
  try {
    addresses = await lookup(host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      detail:
        code === 'ENOTFOUND'
          ? `${parsed.hostname} does not exist in DNS: Sautikit cannot find ${url}. Check the address.`
          : `Could not look up ${parsed.hostname} (${code ?? 'no answer'}): is this computer online?`,
    };
  }
  const reasons = addresses.map((a) => whyAddressIsNotPublic(a.address));
  if (addresses.length > 0 && reasons.every((r) => r !== null))
    return unreachable(`resolves to ${addresses.map((a) => a.address).join(', ')}, which ${reasons[0]!}`);
  return { ok: true, detail: `${url} is a public https address` };
}

const lookupAll: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });
