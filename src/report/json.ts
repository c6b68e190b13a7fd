// The result as JSON (`--format json` and summary.json, README.md#outputs): JSON.stringify(result, null, 2)
// with each child-year, worklist row and exception on a line of its own. Child-years and worklist
// rows are the bulk of a national file; their lines are joined by hand, field by field in the order
// childYear.ts and worklist.ts build them, each repeated text quoted once.
import type { ChildYear } from '../reconcile/childYear.js';
import type { WorklistRow } from '../recovery/worklist.js';
import { jsonPieces, remembered } from './chunks.js';
import type { ReconciliationResult } from '../result/reconciliationResult.js';

/** JSON.stringify(value) for a number: a NaN or an infinity is null there too. */
function jsonNumber(value: number | null): string {
  return value !== null && Number.isFinite(value) ? String(value) : 'null';
}

/** JSON.stringify(text), made once per distinct text. */
function rememberedStrings(): (text: string | null) => string {
  const quoted = remembered((text: string) => JSON.stringify(text));
  return (text) => (text === null ? 'null' : quoted(text));
}

/** JSON.stringify(childYear), for a child-year as computeChildYear builds it. */
export function childYearJsonWriter(): (childYear: ChildYear) => string {
  const text = rememberedStrings();
  return (childYear) => {
    let terms = '';
    for (const term of childYear.terms) {
      terms += `${terms === '' ? '' : ','}{"term":${text(term.term)},"requiredMinutes":${jsonNumber(term.requiredMinutes)},"deliveredMinutes":${jsonNumber(term.deliveredMinutes)}}`;
    }
    return (
      `{"childId":${JSON.stringify(childYear.childId)},"discipline":${text(childYear.discipline)},"year":${text(childYear.year)},"status":${text(childYear.status)}` +
      `,"requiredMinutes":${jsonNumber(childYear.requiredMinutes)},"deliveredMinutes":${jsonNumber(childYear.deliveredMinutes)}` +
      `,"shortfallMinutes":${jsonNumber(childYear.shortfallMinutes)},"surplusMinutes":${jsonNumber(childYear.surplusMinutes)}` +
      `,"deliveredPercent":${jsonNumber(childYear.deliveredPercent)},"sessionsDelivered":${jsonNumber(childYear.sessionsDelivered)}` +
      `,"sessionsOwed":${jsonNumber(childYear.sessionsOwed)},"recoveryMinutes":${jsonNumber(childYear.recoveryMinutes)}` +
      `,"sessionMinutes":${jsonNumber(childYear.sessionMinutes)},"planEnd":${text(childYear.planEnd)}` +
      `,"provider":${text(childYear.provider)},"locality":${text(childYear.locality)},"commissioner":${text(childYear.commissioner)},"establishment":${text(childYear.establishment)}` +
      `,"requiredFullYearMinutes":${jsonNumber(childYear.requiredFullYearMinutes)},"bookedMinutes":${jsonNumber(childYear.bookedMinutes)}` +
      `,"projectedMinutes":${jsonNumber(childYear.projectedMinutes)},"atRisk":${childYear.atRisk ? 'true' : 'false'},"terms":[${terms}]}`
    );
  };
}

/** JSON.stringify(row), for a worklist row as buildWorklist builds it. */
export function worklistRowJsonWriter(): (row: WorklistRow) => string {
  const text = rememberedStrings();
  return (row) =>
    `{"rank":${jsonNumber(row.rank)},"childId":${JSON.stringify(row.childId)},"discipline":${text(row.discipline)},"status":${text(row.status)}` +
    `,"provider":${text(row.provider)},"locality":${text(row.locality)}` +
    `,"requiredMinutes":${jsonNumber(row.requiredMinutes)},"deliveredMinutes":${jsonNumber(row.deliveredMinutes)},"shortfallMinutes":${jsonNumber(row.shortfallMinutes)}` +
    `,"sessionsOwed":${jsonNumber(row.sessionsOwed)},"sessionMinutes":${jsonNumber(row.sessionMinutes)},"planEnd":${text(row.planEnd)},"deadline":${text(row.deadline)}` +
    `,"weeksLeft":${jsonNumber(row.weeksLeft)},"sessionsPerWeek":${jsonNumber(row.sessionsPerWeek)},"route":${text(row.route)},"estimatedCost":${jsonNumber(row.estimatedCost)}}`;
}

/**
 * The JSON document of a result: the fields scripts rely on, in their order. A field is added here,
 * never renamed or removed, without raising schemaVersion (see docs/outputs.md#summaryjson).
 */
function resultDocument(result: ReconciliationResult): Record<string, unknown> {
  return {
    schemaVersion: result.schemaVersion,
    year: result.year,
    asOf: result.asOf,
    options: result.options,
    headline: result.headline,
    headlineByDiscipline: result.headlineByDiscipline,
    summary: result.summary,
    childYears: result.childYears,
    worklist: result.worklist,
    worklistTotals: result.worklistTotals,
    accounting: result.accounting,
    exceptions: result.exceptions,
    pseudonymisation: result.pseudonymisation,
    // Added after the fields above, as a field is (schemaVersion stays 1).
    warnings: result.warnings,
  };
}

/** The result as JSON, in pieces: each child-year, worklist row and exception on a line of its own. */
export function* resultJson(result: ReconciliationResult): Generator<string> {
  yield* jsonPieces(resultDocument(result), {
    compactElements: true,
    elementJson: { childYears: childYearJsonWriter(), worklist: worklistRowJsonWriter() },
  });
  yield '\n';
}
