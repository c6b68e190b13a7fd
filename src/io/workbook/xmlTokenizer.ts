// A strict, minimal, streaming XML tokenizer for the parts of an .xlsx file: start and end tags by
// local name, attributes, text. It is not a general XML parser and refuses what Excel never writes
// and a hostile file would: any DOCTYPE or ENTITY declaration (so no entity can expand), entities
// other than the five predefined and character references, encodings other than UTF-8. It checks
// that tags nest and the document ends, bounds the length of a tag and the depth of nesting, and
// hands text on in pieces as it arrives, so that the caller, who knows what a cell may hold, bounds
// text. Why our own: docs/xlsx.md.
import { WorkbookInputError } from './workbookProblems.js';

/** Longest tag, attributes included; Excel's longest are namespace-laden roots of a few KiB. */
const MAX_TAG_CHARS = 1 << 20;
const MAX_DEPTH = 256;
/** Longest entity reference held back at a chunk's end ("&#x10FFFF;" is 10). */
const MAX_ENTITY_CHARS = 32;
const LESS_THAN = 0x3c;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const CARRIAGE_RETURN = 0x0d;

/** From just after "<" to the closing ">" of a start tag, quotes honoured; a "<" inside is an error. */
const GREATER_THAN = 0x3e;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const ATTRIBUTE_NEEDS_WORK = /[\t\r\n&]/;
const ENTITY = /&(?:#x([0-9a-fA-F]{1,6});|#([0-9]{1,7});|([A-Za-z][A-Za-z0-9]{0,15});)?/g;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;
const ENCODING = /\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/** The attributes of the tag being reported; reused from tag to tag, so read them at once. */
export class XmlAttributes {
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  private count = 0;

  /** The value of the attribute with this local name ("id" finds "r:id"), decoded. */
  get(localName: string): string | undefined {
    for (let i = 0; i < this.count; i++) if (this.names[i] === localName) return this.values[i];
    return undefined;
  }

  /** Every attribute as [local name, value], in document order. */
  entries(): [string, string][] {
    return this.names.slice(0, this.count).map((name, i) => [name, this.values[i]!]);
  }

  clear(): void {
    this.count = 0;
  }

  add(localName: string, value: string): void {
    this.names[this.count] = localName;
    this.values[this.count] = value;
    this.count++;
  }
}

export interface XmlSink {
  /** A start tag by local name (prefix dropped). An empty-element tag is reported as open, then close. */
  open(name: string, attributes: XmlAttributes): void;
  close(name: string): void;
  /** Text inside the root element, entities decoded, line ends as LF; one run may come in several pieces. */
  text(text: string): void;
}

export class XmlTokenizer {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly attributes = new XmlAttributes();
  /** Open elements by qualified name, and by local name for the sink. */
  private readonly stack: string[] = [];
  private readonly localNames: string[] = [];
  private pending = '';
  private isFirstChunk = true;
  private hasRoot = false;

  constructor(
    private readonly sink: XmlSink,
    private readonly source: string,
    private readonly part: string,
  ) {}

  write(chunk: Uint8Array): void {
    if (this.isFirstChunk && chunk.length > 0) {
      this.isFirstChunk = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new WorkbookInputError({ code: 'xml-encoding', source: this.source, part: this.part, encoding: 'UTF-16' });
      }
    }
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw this.damaged('is not valid UTF-8');
    }
    this.scan(this.pending.length === 0 ? text : this.pending + text, false);
  }

  end(): void {
    let rest: string;
    try {
      rest = this.decoder.decode();
    } catch {
      throw this.damaged('is not valid UTF-8');
    }
    this.scan(this.pending + rest, true);
    if (!this.hasRoot || this.stack.length > 0) throw this.damaged('ends before its XML does');
  }

  private damaged(what: string): WorkbookInputError {
    return new WorkbookInputError({ code: 'damaged', source: this.source, detail: `its part ${this.part} ${what}` });
  }

  private scan(s: string, isFinal: boolean): void {
    const length = s.length;
    let at = 0;
    while (at < length) {
      const lessThan = s.indexOf('<', at);
      if (lessThan < 0) {
        // Text to the end of what has arrived: hold back an entity or a CR that the next chunk completes.
        let cut = length;
        if (!isFinal) {
          const ampersand = s.lastIndexOf('&');
          if (ampersand >= at && s.indexOf(';', ampersand) < 0) cut = ampersand;
          else if (s.charCodeAt(length - 1) === CARRIAGE_RETURN) cut = length - 1;
          if (length - cut > MAX_ENTITY_CHARS) throw this.damaged('has an entity reference that is never closed');
        }
        if (cut > at) this.text(s.slice(at, cut));
        this.pending = s.slice(cut);
        return;
      }
      if (lessThan > at) this.text(s.slice(at, lessThan));
      const next = this.tag(s, lessThan);
      if (next < 0) {
        if (isFinal) throw this.damaged('ends inside an XML tag');
        if (length - lessThan > MAX_TAG_CHARS) throw this.damaged('has an XML tag longer than 1 MB');
        this.pending = s.slice(lessThan);
        return;
      }
      at = next;
    }
    this.pending = '';
  }

  private text(raw: string): void {
    if (this.stack.length === 0) {
      if (!WHITESPACE_ONLY.test(raw)) throw this.damaged('has text outside its XML root');
      return;
    }
    let text = raw.includes('&') ? this.decodeEntities(raw) : raw;
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    this.sink.text(text);
  }

  /** Reads the tag at `at` (a "<"); returns the index after it, or -1 when the tag has not all arrived. */
  private tag(s: string, at: number): number {
    const kind = s.charCodeAt(at + 1);
    if (Number.isNaN(kind)) return -1;
    if (kind === SLASH) {
      // An end tag must name the element open now: compared in place, with no string made.
      const open = this.stack[this.stack.length - 1];
      if (open === undefined) throw this.damaged('closes a tag it never opened');
      let i = at + 2 + open.length;
      if (i > s.length) return -1;
      if (!s.startsWith(open, at + 2)) throw this.damaged('has tags that do not nest');
      while (i < s.length && isSpace(s.charCodeAt(i))) i++;
      if (i >= s.length) return -1;
      if (s.charCodeAt(i) !== GREATER_THAN) throw this.damaged('has tags that do not nest');
      this.stack.pop();
      this.sink.close(this.localNames.pop()!);
      return i + 1;
    }
    if (kind === QUESTION) {
      const end = s.indexOf('?>', at + 2);
      if (end < 0) return -1;
      this.processingInstruction(s.slice(at + 2, end));
      return end + 2;
    }
    if (kind === BANG) return this.markup(s, at);

    return this.startTag(s, at);
  }

  /** A start or empty-element tag, read character by character: the hottest loop of a sheet. */
  private startTag(s: string, at: number): number {
    const length = s.length;
    let i = at + 1;
    let code = 0;
    // biome-ignore lint/suspicious/noAssignInExpressions: the scan keeps the character it stopped at, read once
    while (i < length && !endsName((code = s.charCodeAt(i)))) i++;
    if (i >= length) return -1;
    if (i === at + 1 || code === EQUALS || isForbiddenInName(code)) return this.refuseTag();
    const name = s.slice(at + 1, i);
    const attributes = this.attributes;
    attributes.clear();
    let isEmpty = false;
    for (;;) {
      const afterName = i;
      // biome-ignore lint/suspicious/noAssignInExpressions: the scan keeps the character it stopped at, read once
      while (i < length && isSpace((code = s.charCodeAt(i)))) i++;
      if (i >= length) return -1;
      if (code === GREATER_THAN) {
        i++;
        break;
      }
      if (code === SLASH) {
        if (i + 1 >= length) return -1;
        if (s.charCodeAt(i + 1) !== GREATER_THAN) return this.refuseTag();
        isEmpty = true;
        i += 2;
        break;
      }
      if (i === afterName) return this.refuseTag(); // attributes are separated by white space
      const nameStart = i;
      // biome-ignore lint/suspicious/noAssignInExpressions: the scan keeps the character it stopped at, read once
      while (i < length && !endsName((code = s.charCodeAt(i))) && code !== EQUALS) i++;
      if (i >= length) return -1;
      if (i === nameStart) return this.refuseTag();
      const attributeName = s.slice(nameStart, i);
      // biome-ignore lint/suspicious/noAssignInExpressions: the scan keeps the character it stopped at, read once
      while (i < length && isSpace((code = s.charCodeAt(i)))) i++;
      if (i >= length) return -1;
      if (code !== EQUALS) return this.refuseTag();
      i++;
      // biome-ignore lint/suspicious/noAssignInExpressions: the scan keeps the character it stopped at, read once
      while (i < length && isSpace((code = s.charCodeAt(i)))) i++;
      if (i >= length) return -1;
      if (code !== QUOTE && code !== APOSTROPHE) return this.refuseTag();
      const close = s.indexOf(code === QUOTE ? '"' : "'", i + 1);
      if (close < 0) return -1;
      const raw = s.slice(i + 1, close);
      i = close + 1;
      if (raw.includes('<')) return this.refuseTag();
      if (attributeName === 'xmlns' || attributeName.startsWith('xmlns:')) continue;
      attributes.add(localName(attributeName), this.attributeValue(raw));
    }
    if (this.stack.length === 0) {
      if (this.hasRoot) throw this.damaged('has more than one XML root');
      this.hasRoot = true;
    }
    if (this.stack.length >= MAX_DEPTH) throw this.damaged(`nests its XML more than ${MAX_DEPTH} deep`);
    const local = localName(name);
    this.sink.open(local, attributes);
    if (isEmpty) {
      this.sink.close(local);
    } else {
      this.stack.push(name);
      this.localNames.push(local);
    }
    return i;
  }

  private refuseTag(): never {
    throw this.damaged('has a malformed XML tag');
  }

  /** "<!": a comment or CDATA; anything else is a declaration, which Excel never writes. */
  private markup(s: string, at: number): number {
    const head = s.slice(at, at + 9);
    if (head.startsWith('<!--')) {
      const end = s.indexOf('-->', at + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (head === '<![CDATA[') {
      const end = s.indexOf(']]>', at + 9);
      if (end < 0) return -1;
      if (this.stack.length === 0) throw this.damaged('has text outside its XML root');
      this.sink.text(s.slice(at + 9, end).replace(/\r\n?/g, '\n'));
      return end + 3;
    }
    // Not yet enough to tell a comment or CDATA from a declaration.
    if (head.length < 9 && ('<![CDATA['.startsWith(head) || '<!--'.startsWith(head))) return -1;
    throw new WorkbookInputError({ code: 'xml-declarations', source: this.source, part: this.part });
  }

  private processingInstruction(body: string): void {
    if (!/^xml(\s|$)/.test(body)) return; // another processing instruction: legal XML, nothing to Excel
    if (this.hasRoot) throw this.damaged('has an XML declaration after its root');
    const declared = ENCODING.exec(body);
    const encoding = declared?.[1] ?? declared?.[2];
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
      throw new WorkbookInputError({ code: 'xml-encoding', source: this.source, part: this.part, encoding });
    }
  }

  private attributeValue(raw: string): string {
    if (!ATTRIBUTE_NEEDS_WORK.test(raw)) return raw;
    // XML turns a literal tab or line end in an attribute into a space; &#10; stays a line end.
    const spaced = /[\t\r\n]/.test(raw) ? raw.replace(/\r\n|[\t\r\n]/g, ' ') : raw;
    return spaced.includes('&') ? this.decodeEntities(spaced) : spaced;
  }

  private decodeEntities(raw: string): string {
    return raw.replace(ENTITY, (whole: string, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
      if (name !== undefined) {
        const predefined = PREDEFINED[name];
        if (predefined === undefined) throw this.damaged('refers to an entity that is not defined');
        return predefined;
      }
      if (hex === undefined && decimal === undefined) throw this.damaged(whole === '&' ? 'has a bare "&" in its text' : 'has a malformed entity');
      const codePoint = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(decimal!, 10);
      if (codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
        throw this.damaged('refers to a character that XML does not allow');
      }
      return String.fromCodePoint(codePoint);
    });
  }
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

/** White space, ">", "/" or "=" end a name; so do characters no name may hold, which are then refused. */
function endsName(code: number): boolean {
  return code <= 0x20 || code === GREATER_THAN || code === SLASH || code === EQUALS || isForbiddenInName(code);
}

function isForbiddenInName(code: number): boolean {
  return code === LESS_THAN || code === QUOTE || code === APOSTROPHE;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Feeds a part's inflated bytes through a tokenizer to `sink`, to the end of the part. */
export async function scanXmlPart(chunks: AsyncIterable<Uint8Array>, sink: XmlSink, source: string, part: string): Promise<void> {
  const tokenizer = new XmlTokenizer(sink, source, part);
  for await (const chunk of chunks) tokenizer.write(chunk);
  tokenizer.end();
}
