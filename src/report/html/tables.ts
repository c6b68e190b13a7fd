// Plain HTML tables: the data behind each chart, the worklist, the accounting and the options.
import { html, type HtmlPart, type SafeHtml } from './escape.js';

export interface ColumnSpec {
  readonly label: string;
  readonly isNumeric?: boolean;
  readonly className?: string;
}

export interface TableSpec {
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly (readonly HtmlPart[])[];
  readonly caption?: string;
  readonly footer?: readonly HtmlPart[];
  readonly className?: string;
}

function cellClass(column: ColumnSpec | undefined): string | null {
  const classes = [column?.isNumeric ? 'num' : null, column?.className ?? null].filter((name) => name !== null);
  return classes.length > 0 ? classes.join(' ') : null;
}

function cells(tag: 'td' | 'th', values: readonly HtmlPart[], columns: readonly ColumnSpec[]): SafeHtml[] {
  return values.map((value, index) => {
    const className = cellClass(columns[index]);
    const open = className === null ? html`<${tag}>` : html`<${tag} class="${className}">`;
    return html`${open}${value}</${tag}>`;
  });
}

export function renderTable(spec: TableSpec): SafeHtml {
  const head = spec.columns.map((column) => {
    const className = cellClass(column);
    return className === null ? html`<th scope="col">${column.label}</th>` : html`<th scope="col" class="${className}">${column.label}</th>`;
  });
  const body = spec.rows.map((row) => html`<tr>${cells('td', row, spec.columns)}</tr>`);
  const foot = spec.footer ? html`<tfoot><tr>${cells('td', spec.footer, spec.columns)}</tr></tfoot>` : null;
  const caption = spec.caption === undefined ? null : html`<caption>${spec.caption}</caption>`;
  const open = spec.className === undefined ? html`<table>` : html`<table class="${spec.className}">`;
  // A table wider than the page scrolls inside its own box; the page itself never scrolls sideways.
  return html`<div class="scroll">${open}${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody>${foot}</table></div>`;
}
