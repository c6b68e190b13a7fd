import { describe, expect, it } from 'vitest';
import { WorkbookInputError } from '../../../../src/io/workbook/workbookProblems.js';
import { XmlTokenizer, type XmlAttributes, type XmlSink } from '../../../../src/io/workbook/xmlTokenizer.js';

type XmlEvent = ['open', string, Record<string, string>] | ['close', string] | ['text', string];

/** The events of a document fed in the given chunks, consecutive text pieces joined. */
function eventsOf(chunks: readonly Uint8Array[]): XmlEvent[] {
  const events: XmlEvent[] = [];
  const sink: XmlSink = {
    open: (name: string, attributes: XmlAttributes) => events.push(['open', name, Object.fromEntries(attributes.entries())]),
    close: (name: string) => events.push(['close', name]),
    text: (text: string) => {
      const last = events.at(-1);
      if (last?.[0] === 'text') last[1] += text;
      else events.push(['text', text]);
    },
  };
  const tokenizer = new XmlTokenizer(sink, 'test.xlsx', 'xl/part.xml');
  for (const chunk of chunks) tokenizer.write(chunk);
  tokenizer.end();
  return events;
}

function problemOf(xml: string | Uint8Array): WorkbookInputError {
  try {
    eventsOf([typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml]);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbookInputError);
    return error as WorkbookInputError;
  }
  throw new Error('expected the XML to be refused');
}

const DOCUMENT =
  '\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
  '<!-- a comment -->' +
  '<x:sst xmlns:x="urn:main" xmlns="urn:other" count = \'2\'>' +
  '<x:si><x:t xml:space="preserve">Zoë &amp; O&apos;Neil &#x1F600;&#10;</x:t></x:si>' +
  '<si a="1&lt;2" b="tab\there"/>' +
  '<t>line one\r\nline two\rthree</t>' +
  '<t><![CDATA[<raw> & text]]></t>' +
  '<?other instruction?>' +
  '</x:sst>\n';

const EXPECTED: XmlEvent[] = [
  ['open', 'sst', { count: '2' }],
  ['open', 'si', {}],
  ['open', 't', { space: 'preserve' }],
  ['text', "Zoë & O'Neil 😀\n"],
  ['close', 't'],
  ['close', 'si'],
  ['open', 'si', { a: '1<2', b: 'tab here' }],
  ['close', 'si'],
  ['open', 't', {}],
  ['text', 'line one\nline two\nthree'],
  ['close', 't'],
  ['open', 't', {}],
  ['text', '<raw> & text'],
  ['close', 't'],
  ['close', 'sst'],
];

describe('the XML tokenizer', () => {
  it('reports tags by local name, attributes and decoded text', () => {
    expect(eventsOf([Buffer.from(DOCUMENT, 'utf8')])).toEqual(EXPECTED);
  });

  it('gives the same events wherever the bytes are split: inside a tag, an entity, a CR LF or a character', () => {
    const bytes = Buffer.from(DOCUMENT, 'utf8');
    for (let split = 1; split < bytes.length; split++) {
      expect(eventsOf([bytes.subarray(0, split), bytes.subarray(split)]), `split at byte ${split}`).toEqual(EXPECTED);
    }
    expect(eventsOf(Array.from(bytes, (byte) => Uint8Array.of(byte))), 'a byte at a time').toEqual(EXPECTED);
  });

  it('refuses any DOCTYPE or entity declaration', () => {
    expect(problemOf('<!DOCTYPE x><x/>').problem.code).toBe('xml-declarations');
    expect(problemOf('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>').problem.code).toBe('xml-declarations');
    expect(problemOf('<x><!ENTITY a "b"></x>').problem.code).toBe('xml-declarations');
  });

  it('refuses what is not well-formed', () => {
    const cases: Record<string, string> = {
      '<x>&nbsp;</x>': 'not defined',
      '<x>a & b</x>': 'bare "&"',
      '<x>&#0;</x>': 'does not allow',
      '<x>&#xD800;</x>': 'does not allow',
      '<x><y></x></y>': 'do not nest',
      '</x>': 'never opened',
      '<x/><y/>': 'more than one XML root',
      'text<x/>': 'outside its XML root',
      '<x a="1"b="2"/>': 'malformed XML tag',
      '<x a=1/>': 'malformed XML tag',
      '<x a="<"/>': 'malformed XML tag',
      '<x =""/>': 'malformed XML tag',
      '<x>': 'ends before its XML does',
      '<x a="1': 'ends inside an XML tag',
      '': 'ends before its XML does',
      '<x/><?xml version="1.0"?>': 'declaration after its root',
    };
    for (const [xml, words] of Object.entries(cases)) {
      const error = problemOf(xml);
      expect(error.problem.code, xml).toBe('damaged');
      expect(error.message, xml).toContain(words);
      expect(error.message, xml).toContain('xl/part.xml');
    }
  });

  it('refuses encodings other than UTF-8', () => {
    expect(problemOf('<?xml version="1.0" encoding="ISO-8859-1"?><x/>').problem).toMatchObject({ code: 'xml-encoding', encoding: 'ISO-8859-1' });
    expect(problemOf(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('\0<\0x\0/\0>')])).problem).toMatchObject({
      code: 'xml-encoding',
      encoding: 'UTF-16',
    });
    expect(problemOf(Buffer.from([0x3c, 0x78, 0x3e, 0xe9, 0x3c, 0x2f, 0x78, 0x3e])).message).toContain('not valid UTF-8');
  });

  it('bounds a tag that never ends', () => {
    const tokenizer = new XmlTokenizer({ open() {}, close() {}, text() {} }, 'test.xlsx', 'xl/part.xml');
    tokenizer.write(Buffer.from('<x><y a="'));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    expect(() => {
      for (let i = 0; i < 20; i++) tokenizer.write(chunk);
    }).toThrow(/XML tag longer than 1 MB/);
  });
});
