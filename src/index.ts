// ehcp-recon as a library: reconcile EHCP-required therapy hours against provider contact logs from a
// script. The command line is one user of this API; see docs/library.md.
export { reconcile, validate, explain } from './engine/reconcile.js';
export type { ReconcileOptions, ReadingOptions, RecoveryPlanOptions } from './engine/options.js';
export type { InputSources, RunObserver } from './engine/run.js';
export type { MappingSource } from './engine/mappingFile.js';
export { PRESETS, type PresetName } from './engine/presets.js';
export type { InputSource } from './io/tableSource.js';
export type { Mapping } from './schema/mapping.js';
export type { ReconciliationResult, ValidationResult, RunInputs, RunOptionsRecord } from './result/reconciliationResult.js';
export type { ChildYear, ChildYearList, TermOutcome } from './reconcile/childYear.js';
export type { Headline, Summary, BreakdownRow, TermRow } from './result/summary.js';
export type { WorklistRow } from './recovery/worklist.js';
export type { Accounting, ExceptionRecord, FileAccounting } from './reconcile/accounting.js';
export type { ExceptionList } from './reconcile/exceptionSink.js';
export type { ChildExplanation } from './reconcile/explain.js';
export { HEALTH_WARNING_CODES, type HealthWarning, type HealthWarningCode } from './result/health.js';
export { REPORTERS, FORMATS, formatsFor, reporterFor, type Format, type Reporter, type ReportOptions } from './report/reporters.js';
export { resultJson } from './report/json.js';
export { reconciliationCsv, shortfallCsv, worklistCsv, exceptionsCsv } from './report/csvOutputs.js';
export { renderHtmlReport } from './report/html.js';
export { UsageError, InputError, ExceptionLimitError } from './errors.js';
export {
  ATTENDANCES,
  CONTACT_BUCKETS,
  DISCIPLINES,
  PLAN_BUCKETS,
  STATUSES,
  type Attendance,
  type ContactBucket,
  type Discipline,
  type PlanBucket,
  type Status,
} from './schema/vocabulary.js';
