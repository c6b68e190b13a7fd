// From xl/styles.xml, the one thing a reader of values needs: which cell styles show a date or time.
// A cell's "s" attribute is an index into <cellXfs>; each of those names a number format, built in
// (by id) or custom (<numFmts>). Fonts, fills and borders are not read.
import { builtInFormat, classifyFormatCode, type ValueFormat } from './numberFormats.js';
import { WorkbookInputError } from './workbookProblems.js';
import type { XmlAttributes, XmlSink } from './xmlTokenizer.js';

/** Excel allows 64,000 cell formats in a workbook; a styles part beyond this is not Excel's. */
const MAX_STYLES = 65_536;

export class CellFormats {
  /** No styles part: every number is a plain number. */
  static readonly none = new CellFormats([]);

  constructor(private readonly byStyle: readonly ValueFormat[]) {}

  /** The value format of a cell's style index (the "s" attribute; absent means style 0). */
  formatOf(styleIndex: string | undefined): ValueFormat {
    const index = styleIndex === undefined ? 0 : Number(styleIndex);
    return this.byStyle[index] ?? 'number';
  }
}

export class StylesReader implements XmlSink {
  constructor(private readonly source: string) {}

  private readonly customFormats = new Map<number, string>();
  private readonly styleFormatIds: number[] = [];
  private isInCellXfs = false;
  private isInNumFmts = false;

  open(name: string, attributes: XmlAttributes): void {
    switch (name) {
      case 'numFmts':
        this.isInNumFmts = true;
        break;
      case 'cellXfs':
        this.isInCellXfs = true;
        break;
      case 'numFmt':
        if (this.isInNumFmts) {
          const id = Number(attributes.get('numFmtId'));
          const code = attributes.get('formatCode');
          if (Number.isInteger(id) && code !== undefined) this.customFormats.set(id, code);
          if (this.customFormats.size > MAX_STYLES) throw this.tooMany();
        }
        break;
      case 'xf':
        // Only <cellXfs> styles are what "s" indexes; <cellStyleXfs> are the named styles behind them.
        if (this.isInCellXfs) {
          this.styleFormatIds.push(Number(attributes.get('numFmtId') ?? 0));
          if (this.styleFormatIds.length > MAX_STYLES) throw this.tooMany();
        }
        break;
    }
  }

  private tooMany(): WorkbookInputError {
    return new WorkbookInputError({ code: 'damaged', source: this.source, detail: 'its styles part declares more cell formats than Excel allows' });
  }

  close(name: string): void {
    if (name === 'numFmts') this.isInNumFmts = false;
    else if (name === 'cellXfs') this.isInCellXfs = false;
  }

  text(): void {}

  formats(): CellFormats {
    const byId = new Map<number, ValueFormat>();
    const formatOfId = (id: number): ValueFormat => {
      let format = byId.get(id);
      if (format === undefined) {
        const code = this.customFormats.get(id);
        // A workbook may redefine a built-in id with its own code; the code then decides.
        format = code !== undefined ? classifyFormatCode(code) : Number.isInteger(id) ? builtInFormat(id) : 'number';
        byId.set(id, format);
      }
      return format;
    };
    return new CellFormats(this.styleFormatIds.map(formatOfId));
  }
}
