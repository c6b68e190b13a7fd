// Pseudonymised sharing: every child ID in a result becomes a keyed pseudonym before any reporter
// sees it, so that no renderer can leak a raw ID by forgetting to hash one. The key is the caller's
// (the command line reads it from the environment, never from an option, where it would land in shell
// history and process lists). See docs/operations.md#pseudonymisation.
//
// A child ID can sit in any cell, not only in child_id: a shifted column puts it in a date, a note
// copies it into the provider's name, a provision or contact ID is built from it. So the run notes
// every child ID it reads (the plan book knows its children; any other, such as a contact's unknown
// child or a row that did not read, is kept in ReadChildIds), and before the result leaves the engine
// every text that came from a cell is scanned: each known child ID in it, as a whole word, becomes its
// pseudonym. Provision and contact IDs become pseudonyms of their own (same key, another prefix).
import { createHash, createHmac } from 'node:crypto';
import { memoise } from '../memo.js';
import type { ExceptionRecord } from '../reconcile/accounting.js';
import { mapChildYears, type ChildYear } from '../reconcile/childYear.js';
import type { WatchedContactRow } from '../reconcile/contactLedger.js';
import { mapExceptions } from '../reconcile/exceptionSink.js';
import type { ChildExplanation, PlanRowExplanation } from '../reconcile/explain.js';
import type { PlanBook } from '../reconcile/planBook.js';
import type { WorklistRow } from '../recovery/worklist.js';
import type { ReconciliationResult, RunInputs, TableInputRecord } from '../result/reconciliationResult.js';
import { mapWarningIds } from '../result/health.js';
import type { BreakdownRow, Summary } from '../result/summary.js';
import { createChildIdNormaliser, type ChildIdRule } from '../schema/values/childIdRules.js';
import { MAX_ID_CHARS } from '../schema/values/identifier.js';
import { isInvalid, type Invalid } from '../schema/values/invalid.js';
import { DISCIPLINES } from '../schema/vocabulary.js';
import { TextFingerprints } from './textFingerprints.js';

export type PseudonymOf = (id: string) => string;

/**
 * 16 hex digits = 64 bits of HMAC-SHA256. Among two million IDs (three national cohorts of children
 * with plans) the chance that any two share a pseudonym is about n² / 2⁶⁵ ≈ 1 in 9 million.
 */
export const PSEUDONYM_HEX_DIGITS = 16;

/**
 * Each kind of ID has its prefix and its own HMAC message: a contact ID spelled like a child ID gets
 * an unrelated pseudonym, so the two cannot be linked. Child IDs are hashed as they are, as they
 * always were, so that their pseudonyms match earlier months'.
 */
const ID_KINDS = {
  child: { prefix: 'P', message: '' },
  provision: { prefix: 'R', message: 'provision_id:' },
  contact: { prefix: 'K', message: 'contact_id:' },
} as const;

/**
 * Pseudonyms remembered per kind, for IDs met again soon (a contact ID on row after row). Few: an
 * answer kept long enough to outlive the young generation of the heap is garbage the heap must grow
 * for once it is dropped, and millions of exception records would each leave one (a plan book
 * child's pseudonym is kept by childPseudonymsOf instead).
 */
const REMEMBERED_PSEUDONYMS = 1_000;

export interface Pseudonymisation {
  /** A child ID's pseudonym: P and 16 hex digits. */
  readonly pseudonymOf: PseudonymOf;
  /** A provision ID's (R…) and a contact ID's (K…): they can spell out the child's ID. */
  readonly provisionPseudonymOf: PseudonymOf;
  readonly contactPseudonymOf: PseudonymOf;
  /** Identifies the key without revealing it, so that diff can refuse files made with different keys. */
  readonly keyFingerprint: string;
}

/** The pseudonyms of a key (checked long enough by the options). */
export function pseudonymisationOf(key: string): Pseudonymisation {
  const of = (kind: keyof typeof ID_KINDS) => {
    const { prefix, message } = ID_KINDS[kind];
    return memoise((id: string) => prefix + digitsOf(key, message + id), REMEMBERED_PSEUDONYMS);
  };
  return {
    pseudonymOf: of('child'),
    provisionPseudonymOf: of('provision'),
    contactPseudonymOf: of('contact'),
    keyFingerprint: createHash('sha256').update(`ehcp-recon key fingerprint\u0000${key}`, 'utf8').digest('hex').slice(0, 16),
  };
}

/** The first 16 hex digits of the message's HMAC-SHA256 under the key. */
function digitsOf(key: string, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('hex').slice(0, PSEUDONYM_HEX_DIGITS);
}

/**
 * The pseudonym of each child of the plan book, made once and kept as its 64 bits (8 bytes a child,
 * 5 MB for a national plan book), its text made again each time it is asked for; any other child ID
 * is hashed as it comes.
 */
function childPseudonymsOf(key: string, ids: ReadChildIds, otherwise: PseudonymOf): PseudonymOf {
  const count = ids.planBookChildren;
  const high = new Uint32Array(count);
  const low = new Uint32Array(count);
  const isMade = new Uint8Array(count);
  const hex = (word: number) => word.toString(16).padStart(8, '0');
  return (childId) => {
    const child = ids.planBookIndexOf(childId);
    if (child < 0) return otherwise(childId);
    if (isMade[child] === 0) {
      const digest = createHmac('sha256', key).update(childId, 'utf8').digest();
      high[child] = digest.readUInt32BE(0);
      low[child] = digest.readUInt32BE(4);
      isMade[child] = 1;
    }
    return `${ID_KINDS.child.prefix}${hex(high[child]!)}${hex(low[child]!)}`;
  };
}

// ---------------------------------------------------------------------------------------------------
// The child IDs a run read, and finding them in text.

/** A letter or a digit, in any script (a combining mark counts, so that "Zoë" in two code points is one word). */
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

function isWordCode(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
  // A surrogate half counts as a word character: a character outside the BMP never splits a word.
  if (code >= 0xd800 && code <= 0xdfff) return true;
  return WORD_CHARACTER.test(text[at]!);
}

/** The end of the word that starts at `at`. */
function wordEnd(text: string, at: number): number {
  let end = at;
  while (end < text.length && isWordCode(text, end)) end++;
  return end;
}

/**
 * Every child ID a run read. The plan book answers for its children (they are looked up in it, so
 * nothing is held twice); the others (a contact's unknown child, a row that did not read) are kept
 * here as fingerprints, 11 bytes each however many there are. Filled while the inputs are read,
 * before any text is scanned.
 */
export class ReadChildIds {
  /**
   * The IDs the plan book does not know, and the inner words of any ID with punctuation at an end
   * ("4471" of "#4471"), which is how the scan finds it.
   */
  private readonly others = new TextFingerprints();
  private book: PlanBook | undefined;
  /** The most words any ID has ("485 777 3456" has three): how far a scan looks from a word. */
  private mostWords = 1;
  /**
   * The run's identifier rules other than exact: an ID is noted as compared ("4857773456"), and a
   * cell may hold it as the export wrote it ("485 777 3456", "000123" for "123"), which the rule
   * turns into the compared ID (docs/operations.md#identifier-rules).
   */
  private readonly normalisers: readonly ((trimmedId: string) => string | Invalid)[];

  constructor(rules: readonly ChildIdRule[] = []) {
    this.normalisers = [...new Set(rules)].filter((rule) => rule !== 'exact').map((rule) => createChildIdNormaliser(rule));
  }

  /** A child ID read: `isInPlanBook` when the plan book will know it (a plans row that read). */
  readonly note = (childId: string, isInPlanBook = false): void => {
    if (!isInPlanBook && (this.others.has(childId) || this.isInBook(childId))) return;
    if (!isInPlanBook) this.others.add(childId);
    this.learnShape(childId);
  };

  /** The plan book, once the plans are read. */
  knowPlanBook(book: PlanBook): void {
    this.book = book;
  }

  /** Whether `words` (a stretch of text from a word's start to a word's end) is a child ID read, or the inner words of one. */
  isChildId(words: string): boolean {
    return this.others.has(words) || this.isInBook(words);
  }

  /**
   * The child ID that `words` stands for, as the run compared it: the words themselves, or what an
   * identifier rule makes of them; undefined when they are no child ID read.
   */
  childIdOf(words: string): string | undefined {
    if (this.isChildId(words)) return words;
    for (const normalise of this.normalisers) {
      const compared = normalise(words);
      if (!isInvalid(compared) && compared !== words && this.isChildId(compared)) return compared;
    }
    return undefined;
  }

  get wordsToTry(): number {
    return this.normalisers.length === 0 ? this.mostWords : Math.max(this.mostWords, WRITTEN_ID_WORDS);
  }

  /** How many children (each of one discipline) the plan book has. */
  get planBookChildren(): number {
    return this.book?.children.childYear.length ?? 0;
  }

  /** The plan book's number for this child (of some discipline), or -1. */
  planBookIndexOf(childId: string): number {
    const book = this.book;
    if (book === undefined) return -1;
    for (const discipline of DISCIPLINES) {
      const child = book.findChild(discipline, childId);
      if (child >= 0) return child;
    }
    return -1;
  }

  private isInBook(childId: string): boolean {
    return this.planBookIndexOf(childId) >= 0;
  }

  private learnShape(childId: string): void {
    let start = 0;
    let end = childId.length;
    while (start < end && !isWordCode(childId, start)) start++;
    while (end > start && !isWordCode(childId, end - 1)) end--;
    // An ID with no letter or digit cannot be told from punctuation: it is not looked for.
    if (start === end) return;
    if (start > 0 || end < childId.length) this.others.add(childId.slice(start, end));
    let words = 0;
    for (let at = start; at < end; ) {
      if (!isWordCode(childId, at)) {
        at++;
        continue;
      }
      words++;
      at = wordEnd(childId, at);
    }
    if (words > this.mostWords) this.mostWords = words;
  }
}

/** The most words an ID written by hand may take that an identifier rule joins into one ("485 777 3456"). */
const WRITTEN_ID_WORDS = 3;

/** Distinct texts a redactor remembers (reasons and provider names repeat on many rows; see REMEMBERED_PSEUDONYMS for why so few). */
const REMEMBERED_TEXTS = 1_000;

/**
 * The text with every child ID in `ids` that stands as whole words (not inside a longer word: "C12"
 * is not found in "C123") replaced by its pseudonym. One pass over the text, one lookup per word, or a
 * few when some ID has several words: linear in the text.
 */
export function childIdRedactor(ids: ReadChildIds, pseudonymOf: PseudonymOf): (text: string) => string {
  const redact = (text: string): string => {
    const mostWords = ids.wordsToTry;
    const ends: number[] = [];
    let out = '';
    let copied = 0;
    let at = 0;
    while (at < text.length) {
      if (!isWordCode(text, at)) {
        at++;
        continue;
      }
      // The ends of this word and of the next few, longest tried first.
      ends.length = 0;
      for (let end = wordEnd(text, at); ends.length < mostWords; ) {
        if (end - at > MAX_ID_CHARS) break;
        ends.push(end);
        let next = end;
        while (next < text.length && !isWordCode(text, next)) next++;
        if (next >= text.length) break;
        end = wordEnd(text, next);
      }
      let id: string | undefined;
      let end = at;
      for (let index = ends.length - 1; index >= 0 && id === undefined; index--) {
        end = ends[index]!;
        id = ids.childIdOf(text.slice(at, end));
      }
      if (id === undefined) {
        at = ends[0] ?? wordEnd(text, at);
        continue;
      }
      // The pseudonym of the ID as compared: one child has one pseudonym however a cell wrote it.
      out += text.slice(copied, at) + pseudonymOf(id);
      copied = at = end;
    }
    return copied === 0 ? text : out + text.slice(copied);
  };
  return memoise(redact, REMEMBERED_TEXTS);
}

// ---------------------------------------------------------------------------------------------------
// The result with every ID replaced.

/** What a result is pseudonymised with: the key's pseudonyms and the child IDs the run read. */
export interface Pseudonymiser {
  readonly pseudonymisation: Pseudonymisation;
  /** A text from a cell, with each child ID in it replaced. */
  readonly redact: (text: string) => string;
}

export function pseudonymiserOf(key: string, ids: ReadChildIds): Pseudonymiser {
  const plain = pseudonymisationOf(key);
  const pseudonymisation = { ...plain, pseudonymOf: childPseudonymsOf(key, ids, plain.pseudonymOf) };
  return { pseudonymisation, redact: childIdRedactor(ids, pseudonymisation.pseudonymOf) };
}

function redactNullable(redact: (text: string) => string, text: string | null): string | null {
  return text === null ? null : redact(text);
}

export function pseudonymiseException(record: ExceptionRecord, pseudonymiser: Pseudonymiser): ExceptionRecord {
  const { pseudonymisation, redact } = pseudonymiser;
  const childId = record.childId === null ? null : pseudonymisation.pseudonymOf(record.childId);
  const pseudonymised = { ...record, childId, value: pseudonymiseValue(record.field, record.value, pseudonymiser), reason: redact(record.reason) };
  // A sheet may be named anything, a child's ID included.
  return record.cell === undefined || record.cell === null ? pseudonymised : { ...pseudonymised, cell: redact(record.cell) };
}

/** An exception's value: an identifier field's value is the ID itself; any other may hold a child's ID. */
function pseudonymiseValue(field: string, value: string, { pseudonymisation, redact }: Pseudonymiser): string {
  if (value === '') return value;
  switch (field) {
    case 'child_id':
      return pseudonymisation.pseudonymOf(value);
    case 'provision_id':
      return pseudonymisation.provisionPseudonymOf(value);
    case 'contact_id':
      return pseudonymisation.contactPseudonymOf(value);
    default:
      return redact(value);
  }
}

export function pseudonymiseChildYear(childYear: ChildYear, { pseudonymisation, redact }: Pseudonymiser): ChildYear {
  return {
    ...childYear,
    childId: pseudonymisation.pseudonymOf(childYear.childId),
    provider: redactNullable(redact, childYear.provider),
    locality: redactNullable(redact, childYear.locality),
    commissioner: redactNullable(redact, childYear.commissioner),
    establishment: redactNullable(redact, childYear.establishment),
  };
}

function pseudonymiseWorklistRow(row: WorklistRow, { pseudonymisation, redact }: Pseudonymiser): WorklistRow {
  return {
    ...row,
    childId: pseudonymisation.pseudonymOf(row.childId),
    provider: redactNullable(redact, row.provider),
    locality: redactNullable(redact, row.locality),
  };
}

function pseudonymiseSummary(summary: Summary, redact: (text: string) => string): Summary {
  const keys = (rows: readonly BreakdownRow[]) => rows.map((row) => ({ ...row, key: redact(row.key) }));
  return {
    ...summary,
    byProvider: keys(summary.byProvider),
    byLocality: keys(summary.byLocality),
    byCommissioner: keys(summary.byCommissioner),
    byEstablishment: keys(summary.byEstablishment),
  };
}

export function pseudonymiseResult(result: ReconciliationResult, pseudonymiser: Pseudonymiser): ReconciliationResult {
  return {
    ...result,
    pseudonymisation: { keyFingerprint: pseudonymiser.pseudonymisation.keyFingerprint },
    summary: pseudonymiseSummary(result.summary, pseudonymiser.redact),
    childYears: mapChildYears(result.childYears, (childYear) => pseudonymiseChildYear(childYear, pseudonymiser)),
    worklist: result.worklist.map((row) => pseudonymiseWorklistRow(row, pseudonymiser)),
    exceptions: mapExceptions(result.exceptions, (record) => pseudonymiseException(record, pseudonymiser)),
    // A warning's example IDs go through the same pseudonyms, and its sentence is made again from them.
    warnings: result.warnings.map((warning) => mapWarningIds(warning, pseudonymiser.pseudonymisation.pseudonymOf, pseudonymiser.redact)),
    inputs: pseudonymiseInputs(result.inputs, pseudonymiser.redact),
  };
}

/** The inputs as the manifest names them: a sheet may be named anything, a child's ID included (as a cell's sheet is). */
export function pseudonymiseInputs(inputs: RunInputs, redact: (text: string) => string): RunInputs {
  const table = (input: TableInputRecord): TableInputRecord => (input.sheet === undefined ? input : { ...input, sheet: redact(input.sheet) });
  return { ...inputs, plans: table(inputs.plans), contacts: table(inputs.contacts) };
}

/** explain's audit trail: the child, its rows' IDs and reasons, its child-years. */
export function pseudonymiseExplanation(explanation: ChildExplanation, pseudonymiser: Pseudonymiser): ChildExplanation {
  const { pseudonymisation, redact } = pseudonymiser;
  const provision = (id: string | null) => (id === null || id === '' ? id : pseudonymisation.provisionPseudonymOf(id));
  const contact = (id: string | null) => (id === null || id === '' ? id : pseudonymisation.contactPseudonymOf(id));
  return {
    ...explanation,
    childId: pseudonymisation.pseudonymOf(explanation.childId),
    // A row that does not read quotes its value: an ID field's value is the ID itself; any other may hold one.
    planRows: explanation.planRows.map(
      (row): PlanRowExplanation => ({
        ...row,
        provisionId: provision(row.provisionId),
        value: explainedValue(row, pseudonymiser),
        reason: redactNullable(redact, row.reason),
      }),
    ),
    contactRows: explanation.contactRows.map(
      (row): WatchedContactRow => ({
        ...row,
        contactId: contact(row.contactId),
        value: explainedValue(row, pseudonymiser),
        reason: redactNullable(redact, row.reason),
      }),
    ),
    childYears: explanation.childYears.map((childYear) => pseudonymiseChildYear(childYear, pseudonymiser)),
  };
}

function explainedValue(row: { readonly field: string | null; readonly value: string | null }, pseudonymiser: Pseudonymiser): string | null {
  return row.value === null ? null : row.field === null ? pseudonymiser.redact(row.value) : pseudonymiseValue(row.field, row.value, pseudonymiser);
}
