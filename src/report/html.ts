// report.html (README.md#outputs): the board paper, drawn. One self-contained file: inline SVG and one style
// sheet, no script, no font, no image, nothing fetched; a Content-Security-Policy says so to the
// browser too. Pure: the same result gives the same bytes, and the only date on the page is as_of.
import { html, trusted } from './html/escape.js';
import { capitalise, disciplineName, formatLongDate, listInWords } from './html/format.js';
import {
  accountingSection,
  hasWarnings,
  headlineSection,
  warningsSection,
  localitySection,
  optionsSection,
  providerSection,
  spreadSection,
  statusSection,
  termSection,
  worklistSection,
} from './html/sections.js';
import { PRINT_DETAILS_RULE, STYLE_SHEET, WARNINGS_RULE } from './html/styles.js';
import type { ReconciliationResult } from '../result/reconciliationResult.js';

export { escapeHtml } from './html/escape.js';

const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function disciplinesOf(result: ReconciliationResult): string[] {
  if (result.headline.disciplines.length > 0) return [...result.headline.disciplines];
  const option = result.options['discipline'];
  return typeof option === 'string' ? [option] : [];
}

export function renderHtmlReport(result: ReconciliationResult): string {
  const codes = disciplinesOf(result);
  const codesText = codes.length > 0 ? codes.join(', ') : 'Therapy';
  const names = codes.length > 0 ? capitalise(listInWords(codes.map(disciplineName))) : 'Therapy';
  const asOf = formatLongDate(result.asOf);
  const page = html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="ehcp-recon">
<title>${codesText} ${result.year}, as of ${asOf}: EHCP therapy hours required and delivered</title>
<style>${trusted(STYLE_SHEET)}${trusted(PRINT_DETAILS_RULE)}${hasWarnings(result) ? trusted(WARNINGS_RULE) : null}</style>
</head>
<body>
<main>
<header>
<h1>EHCP therapy hours: ${codesText}, ${result.year}</h1>
<p class="meta">${names} · academic year ${result.year} · position as of <time datetime="${result.asOf}">${asOf}</time></p>
</header>${warningsSection(result)}
${headlineSection(result)}
${termSection(result)}
${providerSection(result)}
${localitySection(result)}
${spreadSection(result)}
${statusSection(result)}
${worklistSection(result)}
${accountingSection(result)}
${optionsSection(result)}
<footer>
<p>Produced by ehcp-recon from the same result as summary.json (schema version ${result.schemaVersion}), for the position as of ${result.asOf}. Hours are clock hours. ${Object.keys(result.headlineByDiscipline).length > 1 ? 'A child with more than one discipline is one child and a child and discipline pair for each: the charts and tables count pairs. ' : ''}The full data is in reconciliation.csv, worklist.csv and exceptions.csv.</p>
</footer>
</main>
</body>
</html>
`;
  return page.value;
}
