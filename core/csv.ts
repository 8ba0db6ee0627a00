/**
 * Reading back-office CSV files (policies, rosters, invoices): UTF-8 with or without BOM, `,` or
 * `;` delimiter detected from the header, header row required. Every problem comes back as a
 * `CsvIssue` with the file's line number, for a report people can act on.
 */
import { pipeline, Readable } from 'node:stream';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { type ImportIssue, importIssue } from './import-issues';

export type CsvIssue = ImportIssue;

export interface CsvRecord {
  /** Line where the record starts. */
  line: number;
  /** Trimmed values by header name; missing optional columns are absent. */
  values: Record<string, string>;
}

export interface CsvTable {
  delimiter: ',' | ';';
  header: string[];
  records: CsvRecord[];
}

export interface CsvColumns {
  required: readonly string[];
  optional?: readonly string[];
}

export type CsvReadResult =
  | { ok: true; table: CsvTable; issues: CsvIssue[] }
  | { ok: false; issues: CsvIssue[] };

/**
 * A column whose values must be unique within the file: the returned check remembers the first
 * line of each value and answers a value seen before with a `duplicate within the file` issue.
 */
export function uniqueColumn(field: string): (line: number, value: string) => CsvIssue | null {
  const firstLine = new Map<string, number>();
  return (line, value) => {
    const previous = firstLine.get(value);
    if (previous !== undefined) {
      return importIssue(line, field, 'duplicate', { value, previous });
    }
    firstLine.set(value, line);
    return null;
  };
}

/** Decodes bytes as UTF-8 (a BOM is dropped); null when they are not valid UTF-8. */
export function decodeUtf8(input: string | Uint8Array): string | null {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } catch {
    return null;
  }
}

/** `;` when the first line has more semicolons than commas outside quotes, else `,`. */
export function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

const normalizeHeader = (name: string) => name.trim().toLowerCase();

/**
 * Problems of a header row (line 1): a required column missing, an unknown or repeated column.
 * Names are compared trimmed and lower-cased. Shared by CSV and spreadsheet imports.
 */
export function checkHeader(header: readonly string[], columns: CsvColumns): CsvIssue[] {
  const issues: CsvIssue[] = [];
  const known = new Set([...columns.required, ...(columns.optional ?? [])]);
  for (const name of columns.required) {
    if (!header.includes(name)) issues.push(importIssue(1, name, 'header-missing', { column: name }));
  }
  const seen = new Set<string>();
  for (const name of header) {
    if (!known.has(name)) {
      issues.push(
        importIssue(1, name || null, 'header-unknown', { column: name, expected: [...known].join(', ') }),
      );
    }
    if (seen.has(name)) issues.push(importIssue(1, name, 'header-repeated', { column: name }));
    seen.add(name);
  }
  return issues;
}

export { normalizeHeader };

/**
 * Parses a CSV file with a header. Structural problems (bad encoding, unclosed quote, missing
 * columns) make `ok` false; rows with a wrong number of fields are reported as issues and left out.
 */
export function readCsv(input: string | Uint8Array, columns: CsvColumns): CsvReadResult {
  const text = decodeUtf8(input);
  if (text === null) {
    return {
      ok: false,
      issues: [importIssue(0, null, 'file-not-utf8')],
    };
  }
  if (text.trim() === '') return { ok: false, issues: [importIssue(0, null, 'file-empty')] };
  const delimiter = detectDelimiter(text);
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const err = error as Error & { lines?: number };
    return {
      ok: false,
      issues: [importIssue(err.lines ?? 0, null, 'file-unreadable', { error: err.message })],
    };
  }
  const [headerRow, ...rows] = parsed;
  if (!headerRow) return { ok: false, issues: [importIssue(0, null, 'file-empty')] };

  const header = headerRow.record.map(normalizeHeader);
  const issues: CsvIssue[] = checkHeader(header, columns);
  if (issues.length > 0) return { ok: false, issues };

  const records: CsvRecord[] = [];
  for (const { record, info } of rows) {
    const line = info.lines - newlines(record);
    if (record.length !== header.length) {
      issues.push(
        importIssue(line, null, 'field-count', { count: record.length, expected: header.length, delimiter }),
      );
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((name, index) => {
      values[name] = (record[index] ?? '').trim();
    });
    records.push({ line, values });
  }
  return { ok: true, table: { delimiter, header, records }, issues };
}

function newlines(record: string[]): number {
  let count = 0;
  for (const field of record) for (const char of field) if (char === '\n') count++;
  return count;
}

/** The file cannot be read at all (encoding, header, broken quoting): nothing of it is usable. */
export class CsvFileError extends Error {
  constructor(readonly issues: CsvIssue[]) {
    super(issues.map((issue) => `line ${issue.line}: ${issue.reason}`).join('; '));
    this.name = 'CsvFileError';
  }
}

export type CsvStreamItem =
  | { record: CsvRecord; issue?: undefined }
  | { issue: CsvIssue; record?: undefined };

/**
 * The streaming twin of `readCsv` for files too big to hold (a million invoice lines): the same
 * rules (UTF-8 with or without BOM, `,` or `;` from the header, header checked with `checkHeader`),
 * but records come one at a time with their line numbers, so memory stays flat. Rows with a wrong
 * number of fields come as issues; a broken file (not UTF-8, bad header, unclosed quote) throws
 * `CsvFileError`. `onBytes` reports progress (bytes read so far).
 */
export async function* streamCsv(
  source: AsyncIterable<Uint8Array | string>,
  columns: CsvColumns,
  options: { onBytes?: (bytes: number) => void } = {},
): AsyncGenerator<CsvStreamItem> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let bytes = 0;
  const notUtf8 = () => new CsvFileError([importIssue(0, null, 'file-not-utf8')]);
  const iterator = source[Symbol.asyncIterator]();
  const decode = (chunk: Uint8Array | string, stream: boolean): string => {
    if (typeof chunk === 'string') return chunk;
    bytes += chunk.byteLength;
    options.onBytes?.(bytes);
    try {
      return decoder.decode(chunk, { stream });
    } catch {
      throw notUtf8();
    }
  };

  // Enough text to see the whole header line and choose the delimiter.
  let head = '';
  let done = false;
  while (!done && !/\r?\n/.test(head) && head.length < 1 << 20) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      head += decode(new Uint8Array(), false);
    } else {
      head += decode(next.value, true);
    }
  }
  head = head.replace(/^\uFEFF/, '');
  if (head.trim() === '') throw new CsvFileError([importIssue(0, null, 'file-empty')]);
  const delimiter = detectDelimiter(head);

  async function* text(): AsyncGenerator<string> {
    yield head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) {
        const rest = decode(new Uint8Array(), false);
        if (rest) yield rest;
        return;
      }
      yield decode(next.value, true);
    }
  }

  const parser = parseStream({ delimiter, info: true, relax_column_count: true, skip_empty_lines: true });
  // pipeline (not pipe) so that a decoding error of the source ends the parser's iteration too
  pipeline(Readable.from(text(), { objectMode: false }), parser, () => undefined);
  let header: string[] | null = null;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = item.info.lines - newlines(item.record);
      if (!header) {
        header = item.record.map(normalizeHeader);
        const issues = checkHeader(header, columns);
        if (issues.length > 0) throw new CsvFileError(issues);
        continue;
      }
      if (item.record.length !== header.length) {
        yield {
          issue: importIssue(line, null, 'field-count', {
            count: item.record.length,
            expected: header.length,
            delimiter,
          }),
        };
        continue;
      }
      const values: Record<string, string> = {};
      for (let index = 0; index < header.length; index++) {
        values[header[index]!] = (item.record[index] ?? '').trim();
      }
      yield { record: { line, values } };
    }
  } catch (error) {
    parser.destroy();
    if (error instanceof CsvFileError) throw error;
    const err = error as Error & { lines?: number };
    throw new CsvFileError([importIssue(err.lines ?? 0, null, 'file-unreadable', { error: err.message })]);
  }
  if (!header) throw new CsvFileError([importIssue(0, null, 'file-empty')]);
}
