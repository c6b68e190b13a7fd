// The one style sheet: a sober board-paper look with the system font stack (no web fonts, so no
// network), and print rules for A4 that keep each chart whole and print every data table.
import { PALETTE } from './charts.js';

export const STYLE_SHEET = `
:root { --ink: ${PALETTE.ink}; --muted: ${PALETTE.muted}; --rule: #c9d1da; --dark: ${PALETTE.dark}; --mid: ${PALETTE.mid}; --light: ${PALETTE.light}; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eef1f4; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; }
/* Wide enough at 1280 px for the whole worklist, route and cost included (some 950 px). */
main { max-width: 68rem; margin: 0 auto; background: #fff; padding: 2rem 2.5rem 2.5rem; }
header { border-bottom: 4px solid var(--dark); padding-bottom: .75rem; }
h1 { font-size: 1.65rem; line-height: 1.25; margin: 0 0 .35rem; }
h2 { font-size: 1.15rem; margin: 0 0 .5rem; padding-bottom: .2rem; border-bottom: 1px solid var(--rule); break-after: avoid; }
h3 { font-size: 1rem; margin: 1rem 0 .35rem; break-after: avoid; }
p { margin: .4rem 0; }
.meta { color: var(--muted); margin: 0; }
section { margin-top: 2rem; }
/* A chart (its heading, note and drawing) never splits across pages; its data table may flow on. */
.chart-body, figure { break-inside: avoid; }
figure { margin: .5rem 0 .25rem; }
.chart-svg { display: block; width: 100%; height: auto; max-width: 52rem; }
/* Each chart is drawn wide and narrow: the narrow one keeps its text readable on a phone. */
.chart-svg.narrow { display: none; max-width: 30rem; }
.chart-svg text { font-family: inherit; font-variant-numeric: tabular-nums; }
.chart-svg text:not([fill]) { fill: var(--ink); }
.headline .words { font-size: 1.1rem; max-width: 48rem; }
.figures { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: .6rem; margin: 1rem 0 0; }
.figures div { border: 1px solid var(--rule); border-top: 4px solid var(--dark); padding: .45rem .7rem .55rem; break-inside: avoid; }
.figures dt { font-size: .8rem; color: var(--muted); line-height: 1.3; }
.figures dd { margin: .15rem 0 0; font-size: 1.45rem; font-weight: 650; font-variant-numeric: tabular-nums; line-height: 1.2; overflow-wrap: anywhere; }
.figures dd.sub { font-size: .85rem; font-weight: 400; color: var(--muted); }
.note { color: var(--muted); font-size: .88rem; }
table { border-collapse: collapse; width: 100%; font-size: .88em; font-variant-numeric: tabular-nums; margin: .35rem 0; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { text-align: left; padding: .22rem .45rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { background: #e9eef4; border-bottom: 2px solid var(--dark); }
.num { text-align: right; }
td.num, .nowrap { white-space: nowrap; }
tfoot td, tfoot th { font-weight: 650; border-top: 2px solid var(--dark); }
.worklist td, .worklist th { font-size: .92em; padding: .2rem .3rem; }
.worklist .wide { min-width: 11em; }
.status-no-contact { font-weight: 700; }
.ended { font-size: .85em; font-weight: 600; color: var(--dark); border: 1px solid var(--dark); border-radius: 3px; padding: 0 .25em; white-space: nowrap; }
details { margin: .4rem 0 0; }
/* Small tables stay whole on paper; a long one still flows, with its header repeated. */
details, .accounting table, section.options { break-inside: avoid; }
summary { cursor: pointer; color: var(--dark); font-weight: 600; font-size: .9em; break-after: avoid; }
.columns { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1.5rem; align-items: start; }
.scroll { overflow-x: auto; }
footer { margin-top: 2.5rem; padding-top: .5rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .8rem; }
/* A phone: less margin, two tiles a row, one accounting table under the other, the narrow charts. */
@media screen and (max-width: 48rem) {
  main { padding: 1.25rem 1rem 1.5rem; }
  h1 { font-size: 1.35rem; }
  .figures { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .columns { grid-template-columns: minmax(0, 1fr); }
  .chart-svg.wide { display: none; }
  .chart-svg.narrow { display: block; }
}
@page { size: A4; margin: 14mm 13mm 16mm; }
@media print {
  body { background: #fff; font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 17pt; }
  h2 { font-size: 12pt; }
  .chart-svg { max-width: none; }
  .figures dd { font-size: 14pt; }
  table { font-size: 8.5pt; }
  .worklist td, .worklist th { font-size: 7.5pt; }
  .note { font-size: 8.5pt; }
  summary { list-style: none; color: var(--ink); }
  summary::-webkit-details-marker { display: none; }
  tr, .figures div { break-inside: avoid; }
  .scroll { overflow: visible; }
  thead { display: table-header-group; }
  section.page-start { break-before: page; }
}
`;

/**
 * The run-health banner, only on a page that has one (a clean report's page stays as it was): a boxed
 * block that stands out on screen and on paper, in black on amber with a heavy rule, never colour alone.
 */
export const WARNINGS_RULE = `
.warnings { border: 2px solid #8a4b00; border-left-width: 10px; background: #fff3df; padding: .7rem 1rem .8rem; margin-top: 1.25rem; break-inside: avoid; }
.warnings h2 { border-bottom-color: #8a4b00; color: #5c3200; }
.warnings ul { margin: .4rem 0 0; padding-left: 1.2rem; }
.warnings li { margin: .35rem 0; }
.warnings code { font-size: .85em; }
`;

/**
 * A printout must lose nothing, so the data tables inside closed <details> print too. Kept as its own
 * rule: a browser that does not know ::details-content drops only this rule, not the sheet.
 */
export const PRINT_DETAILS_RULE = `@media print { details::details-content { content-visibility: visible; display: contents; } }`;
