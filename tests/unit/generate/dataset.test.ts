import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIsoDay, type Day } from '../../../src/calendar/day.js';
import { UsageError } from '../../../src/errors.js';
import { generateDataset, providerMapping, type GenerateOptions } from '../../../src/generate/dataset.js';
import { MemorySink, CHUNK_CHARS, type TextSink } from '../../../src/generate/textSink.js';

const CANONICAL_PLAN_HEADER =
  'child_id,provision_id,discipline,sessions,session_minutes,frequency,provision,start_date,end_date,provider,locality,commissioner,funding,establishment,section';
const CANONICAL_CONTACT_HEADER = 'contact_id,child_id,date,minutes,discipline,attendance,contact_type,provider,staff_id,team';
const PROVIDER_PLAN_HEADER =
  'Pupil Ref,Provision Ref,Therapy,Sessions,Session Length (mins),Frequency,Section F Provision,Section F Start,Section F End,Provider,Area,Commissioned By,Funding Type,School Type,EHCP Section';
const PROVIDER_CONTACT_HEADER =
  'Appointment ID,Client Identifier,Appointment Date,Duration (h:mm),Service,Attend Status (CSDS),Contact Category,Provider Name,Clinician,Team Name';

function day(text: string): Day {
  const value = parseIsoDay(text);
  if (value === undefined) throw new Error(`not a date: ${text}`);
  return value;
}

const AS_OF = day('2026-03-31');

function options(overrides: Partial<GenerateOptions> = {}): GenerateOptions {
  return { children: 2_000, seed: 7, yearStart: 2025, asOf: AS_OF, flavour: 'canonical', ...overrides };
}

interface Generated {
  readonly plans: string;
  readonly contacts: string;
  readonly planRows: number;
  readonly contactRows: number;
  readonly plansSink: MemorySink;
  readonly contactsSink: MemorySink;
}

async function generate(overrides: Partial<GenerateOptions> = {}): Promise<Generated> {
  const plansSink = new MemorySink();
  const contactsSink = new MemorySink();
  const counts = await generateDataset(options(overrides), { plans: plansSink, contacts: contactsSink });
  return { plans: plansSink.text, contacts: contactsSink.text, ...counts, plansSink, contactsSink };
}

/** A full CSV parse: plans hold quoted free text. */
function rowsOf(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: false }) as Record<string, string>[];
}

/** Contacts never need quoting (checked below), so a split is enough and much faster on big files. */
function contactRowsOf(text: string): Record<string, string>[] {
  expect(text.includes('"')).toBe(false);
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  const header = (lines.shift() ?? '').split(',');
  return lines.map((line) => {
    const fields = line.split(',');
    if (fields.length !== header.length) throw new Error(`a contact row with ${fields.length} fields: ${line}`);
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      row[name] = fields[i] as string;
    });
    return row;
  });
}

describe('generateDataset, canonical flavour', () => {
  let data: Generated;
  let plans: Record<string, string>[];
  let contacts: Record<string, string>[];

  beforeAll(async () => {
    data = await generate();
    plans = rowsOf(data.plans);
    contacts = contactRowsOf(data.contacts);
  });

  it('writes the canonical headers and reports the rows it wrote', () => {
    expect(data.plans.slice(0, data.plans.indexOf('\n'))).toBe(CANONICAL_PLAN_HEADER);
    expect(data.contacts.slice(0, data.contacts.indexOf('\n'))).toBe(CANONICAL_CONTACT_HEADER);
    expect(plans.length).toBe(data.planRows);
    expect(contacts.length).toBe(data.contactRows);
    expect(data.plans.endsWith('\n')).toBe(true);
    expect(data.contacts.endsWith('\n')).toBe(true);
  });

  it('is byte-identical for the same seed and different for another', async () => {
    const again = await generate();
    expect(again.plans).toBe(data.plans);
    expect(again.contacts).toBe(data.contacts);
    const other = await generate({ seed: 8 });
    expect(other.plans).not.toBe(data.plans);
    expect(other.contacts).not.toBe(data.contacts);
  });

  it('gives every child one to three plan rows (a few more with superseded versions), in child order', () => {
    const perChild = new Map<string, number>();
    for (const row of plans) perChild.set(row.child_id as string, (perChild.get(row.child_id as string) ?? 0) + 1);
    expect(perChild.size).toBe(2_000);
    expect([...perChild.keys()].every((id) => /^C\d{7}$/.test(id))).toBe(true);
    expect(Math.max(...perChild.values())).toBeLessThanOrEqual(5);
    const ids = plans.map((row) => row.child_id as string);
    expect(ids.every((id, i) => i === 0 || id >= (ids[i - 1] as string))).toBe(true);
  });

  it('mixes disciplines, frequencies, free text, funding and plan changes', () => {
    const share = (predicate: (row: Record<string, string>) => boolean) => plans.filter(predicate).length / plans.length;
    expect(share((row) => row.discipline === 'OT')).toBeGreaterThan(0.45);
    expect(share((row) => row.discipline === 'SLT')).toBeGreaterThan(0.1);
    expect(share((row) => row.discipline === 'PT')).toBeGreaterThan(0.05);
    for (const frequency of ['week', 'fortnight', 'month', 'half-term', 'term', 'year']) {
      expect(plans.some((row) => row.frequency === frequency)).toBe(true);
    }
    const textRows = plans.filter((row) => row.provision !== '');
    expect(textRows.length / plans.length).toBeGreaterThan(0.08);
    expect(textRows.every((row) => row.sessions === '' && row.session_minutes === '' && row.frequency === '')).toBe(true);
    expect(textRows.some((row) => row.provision?.includes(','))).toBe(true);
    const numericRows = plans.filter((row) => row.provision === '');
    expect(numericRows.every((row) => /^\d+$/.test(row.sessions ?? '') && /^\d+$/.test(row.session_minutes ?? ''))).toBe(true);
    expect(share((row) => row.funding === 'personal-budget')).toBeGreaterThan(0.01);
    expect(share((row) => row.funding === 'personal-budget')).toBeLessThan(0.06);
    expect(plans.some((row) => row.funding === 'private')).toBe(true);
    expect(share((row) => row.section === 'F')).toBeGreaterThan(0.9);
    // Amendments: a line ends the day before another line of the same child and discipline starts.
    const starts = new Set(plans.map((row) => `${row.child_id}|${row.discipline}|${row.start_date}`));
    const amended = plans.filter((row) => row.end_date !== '' && starts.has(`${row.child_id}|${row.discipline}|${isoAfter(row.end_date as string)}`));
    expect(amended.length).toBeGreaterThan(20);
    // A repeated provision_id is a superseded row followed directly by its correction.
    const ids = plans.map((row) => row.provision_id as string);
    const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(repeated.length).toBeGreaterThan(0);
    for (const id of repeated) expect(ids[ids.indexOf(id) + 1]).toBe(id);
  });

  it('writes contacts in date order inside the year, then the re-stated rows', () => {
    const firstRepeat = firstRepeatedIdIndex(contacts);
    expect(firstRepeat).toBeGreaterThan(0);
    const dated = contacts.slice(0, firstRepeat).map((row) => row.date as string);
    expect(dated.every((date, i) => i === 0 || date >= (dated[i - 1] as string))).toBe(true);
    const seen = new Set(contacts.slice(0, firstRepeat).map((row) => row.contact_id));
    const restated = contacts.slice(firstRepeat);
    expect(restated.length).toBeGreaterThan(0);
    expect(restated.length / contacts.length).toBeLessThan(0.01);
    expect(restated.every((row) => seen.has(row.contact_id))).toBe(true);
    expect(contacts.every((row) => row.date! >= '2025-09-01' && row.date! <= '2026-08-31')).toBe(true);
    expect(contacts.every((row) => /^A\d{11}$/.test(row.contact_id ?? ''))).toBe(true);
  });

  it('has outcomes up to as-of and booked appointments after it', () => {
    const after = contacts.filter((row) => (row.date as string) > '2026-03-31');
    const before = contacts.filter((row) => (row.date as string) <= '2026-03-31');
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((row) => row.attendance === 'booked')).toBe(true);
    const direct = before.filter((row) => row.contact_type === 'direct');
    const shareOf = (attendance: string) => direct.filter((row) => row.attendance === attendance).length / direct.length;
    expect(shareOf('attended')).toBeGreaterThan(0.78);
    expect(shareOf('attended')).toBeLessThan(0.92);
    expect(shareOf('dna')).toBeGreaterThan(0.02);
    expect(shareOf('cancelled-family')).toBeGreaterThan(0.02);
    expect(shareOf('cancelled-provider')).toBeGreaterThan(0.02);
    expect(shareOf('late-not-seen')).toBeGreaterThan(0.002);
    expect(shareOf('booked')).toBeLessThan(0.02);
    const indirect = before.filter((row) => row.contact_type === 'indirect').length / before.length;
    expect(indirect).toBeGreaterThan(0.04);
    expect(indirect).toBeLessThan(0.12);
  });

  it('leaves some children without contacts and has a few contacts for children with no plan', () => {
    const planned = new Set(plans.map((row) => row.child_id));
    const contacted = new Set(contacts.map((row) => row.child_id));
    const silent = [...planned].filter((id) => !contacted.has(id)).length / planned.size;
    expect(silent).toBeGreaterThan(0.003);
    expect(silent).toBeLessThan(0.08);
    const unknown = contacts.filter((row) => !planned.has(row.child_id)).length / contacts.length;
    expect(unknown).toBeGreaterThan(0);
    expect(unknown).toBeLessThan(0.01);
  });

  it('averages roughly 35 contact rows a child, with plain durations near the session lengths', () => {
    expect(contacts.length / 2_000).toBeGreaterThan(25);
    expect(contacts.length / 2_000).toBeLessThan(45);
    expect(contacts.every((row) => /^\d+$/.test(row.minutes ?? '') && Number(row.minutes) >= 10 && Number(row.minutes) <= 120)).toBe(true);
  });

  it('keeps plan dates within a few years of the generated year', () => {
    expect(plans.every((row) => row.start_date! >= '2020-01-01' && row.start_date! <= '2026-08-31')).toBe(true);
    expect(plans.every((row) => row.end_date === '' || (row.end_date! >= '2020-01-01' && row.end_date! <= '2029-12-31'))).toBe(true);
  });

  it('hands the sinks chunks of about a megabyte', () => {
    expect(data.contactsSink.chunkCount).toBeGreaterThan(1);
    for (const sink of [data.plansSink, data.contactsSink]) {
      const sizes = sink.chunkLengths;
      expect(Math.max(...sizes)).toBeLessThanOrEqual(CHUNK_CHARS + 64 * 1024);
    }
  });
});

describe('generateDataset, provider flavour', () => {
  let canonical: Generated;
  let provider: Generated;

  beforeAll(async () => {
    canonical = await generate();
    provider = await generate({ flavour: 'provider' });
  });

  it('writes the headers of a council EHCP export and an NHS clinical system export', () => {
    expect(provider.plans.slice(0, provider.plans.indexOf('\n'))).toBe(PROVIDER_PLAN_HEADER);
    expect(provider.contacts.slice(0, provider.contacts.indexOf('\n'))).toBe(PROVIDER_CONTACT_HEADER);
  });

  it('spells the same dataset as the canonical flavour', () => {
    expect(provider.planRows).toBe(canonical.planRows);
    expect(provider.contactRows).toBe(canonical.contactRows);
    const a = contactRowsOf(canonical.contacts);
    const b = contactRowsOf(provider.contacts);
    for (let i = 0; i < a.length; i += 97) {
      expect(b[i]?.['Appointment ID']).toBe(a[i]?.contact_id);
      expect(b[i]?.['Client Identifier']).toBe(a[i]?.child_id);
    }
  });

  it('uses UK dates, h:mm durations, CSDS codes and service words', () => {
    const plans = rowsOf(provider.plans);
    const contacts = contactRowsOf(provider.contacts);
    expect(plans.every((row) => /^\d{2}\/\d{2}\/\d{4}$/.test(row['Section F Start'] ?? ''))).toBe(true);
    expect(plans.some((row) => row.Frequency === 'wkly')).toBe(true);
    expect(plans.some((row) => row.Frequency === 'Half Termly')).toBe(true);
    expect(contacts.every((row) => /^\d{2}\/\d{2}\/\d{4}$/.test(row['Appointment Date'] ?? ''))).toBe(true);
    expect(contacts.every((row) => /^\d+:\d{2}$/.test(row['Duration (h:mm)'] ?? ''))).toBe(true);
    expect(new Set(contacts.map((row) => row['Attend Status (CSDS)']))).toEqual(new Set(['0', '2', '3', '4', '5', '6', '7']));
    expect(new Set(contacts.map((row) => row.Service))).toEqual(new Set(['Occupational Therapy', 'Speech and Language Therapy', 'Physiotherapy']));
    expect(new Set(contacts.map((row) => row['Contact Category']))).toEqual(new Set(['Face to face', 'Indirect']));
  });

  it('has a mapping that names every column, each one a header of the files', () => {
    const mapping = providerMapping() as {
      plans: { columns: Record<string, string> };
      contacts: { columns: Record<string, string> };
      dateFormat: string;
    };
    const planHeaders = PROVIDER_PLAN_HEADER.split(',');
    const contactHeaders = PROVIDER_CONTACT_HEADER.split(',');
    expect(Object.values(mapping.plans.columns).sort()).toEqual([...planHeaders].sort());
    expect(Object.values(mapping.contacts.columns).sort()).toEqual([...contactHeaders].sort());
    expect(mapping.dateFormat).toBe('dd/MM/yyyy');
    expect(JSON.parse(JSON.stringify(mapping))).toEqual(mapping);
  });
});

describe('generateDataset, options', () => {
  it('scales rows with the number of children', async () => {
    const small = await generate({ children: 500 });
    const large = await generate({ children: 2_000 });
    const ratio = large.contactRows / small.contactRows;
    expect(ratio).toBeGreaterThan(3.2);
    expect(ratio).toBeLessThan(4.8);
    expect(large.planRows / small.planRows).toBeGreaterThan(3.4);
  });

  it('books every contact when as-of is before the year, and none after when it is the last day', async () => {
    const early = contactRowsOf((await generate({ children: 300, asOf: day('2025-08-01') })).contacts);
    expect(early.every((row) => row.attendance === 'booked')).toBe(true);
    const late = contactRowsOf((await generate({ children: 300, asOf: day('2026-08-31') })).contacts);
    const booked = late.filter((row) => row.attendance === 'booked').length;
    expect(booked / late.length).toBeLessThan(0.02);
  });

  it('runs for a single child and for other years', async () => {
    const one = await generate({ children: 1, seed: 3 });
    expect(rowsOf(one.plans).length).toBeGreaterThanOrEqual(1);
    const other = contactRowsOf((await generate({ children: 200, yearStart: 2024, asOf: day('2025-01-31') })).contacts);
    expect(other.every((row) => row.date! >= '2024-09-01' && row.date! <= '2025-08-31')).toBe(true);
  });

  it('waits for each write before the next one', async () => {
    let pending = false;
    let overlapped = false;
    let writes = 0;
    const slow: TextSink = {
      async write() {
        if (pending) overlapped = true;
        pending = true;
        writes++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        pending = false;
      },
    };
    await generateDataset(options({ children: 300 }), { plans: slow, contacts: slow });
    expect(writes).toBeGreaterThan(1);
    expect(overlapped).toBe(false);
  });

  it('refuses options out of range with a usage error', async () => {
    const sinks = { plans: new MemorySink(), contacts: new MemorySink() };
    await expect(generateDataset(options({ children: 0 }), sinks)).rejects.toThrow(UsageError);
    await expect(generateDataset(options({ children: 1_000_001 }), sinks)).rejects.toThrow(UsageError);
    await expect(generateDataset(options({ children: 2.5 }), sinks)).rejects.toThrow(UsageError);
    await expect(generateDataset(options({ seed: Number.NaN }), sinks)).rejects.toThrow(UsageError);
    await expect(generateDataset(options({ flavour: 'other' as never }), sinks)).rejects.toThrow(UsageError);
  });

  it('generates 2,000 children quickly', async () => {
    const started = performance.now();
    await generate({ children: 2_000, seed: 99 });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

function isoAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

function firstRepeatedIdIndex(rows: readonly Record<string, string>[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const id = rows[i]?.contact_id as string;
    if (seen.has(id)) return i;
    seen.add(id);
  }
  return -1;
}
