// A small XML reader for the voice-action dialect the simulator interprets (elements, attributes,
// text, entities). Enough for <Response> documents; not a general XML parser.

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e] !== undefined) return named[e];
    return String.fromCodePoint(
      e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
    );
  });
}

export function parseXml(source: string): XmlElement {
  const text = source.replace(/<\?xml[^?]*\?>/, '').trim();
  let i = 0;
  const parseElement = (): XmlElement => {
    if (text[i] !== '<') throw new Error(`expected < at ${i}`);
    const m = /^<([A-Za-z][\w:-]*)((?:\s+[\w:-]+\s*=\s*"[^"]*")*)\s*(\/?)>/.exec(text.slice(i));
    if (!m) throw new Error(`bad tag at ${i}: ${text.slice(i, i + 40)}`);
    i += m[0].length;
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    const name = m[1]!;
    if (m[3] === '/') return { name, attrs, children: [], text: '' };
    const children: XmlElement[] = [];
    let body = '';
    for (;;) {
      if (i >= text.length) throw new Error(`unclosed <${name}>`);
      if (text.startsWith(`</${name}`, i)) {
        i = text.indexOf('>', i) + 1;
        break;
      }
      if (text[i] === '<') children.push(parseElement());
      else {
        const next = text.indexOf('<', i);
        body += text.slice(i, next < 0 ? text.length : next);
        i = next < 0 ? text.length : next;
      }
    }
    return { name, attrs, children, text: decode(body.trim()) };
  };
  return parseElement();
}
