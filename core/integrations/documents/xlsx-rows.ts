/**
 * Streaming read of the first worksheet of an .xlsx file as header + records, with the same
 * vocabulary as core/csv.ts (`CsvStreamItem`, `CsvFileError`, `checkHeader`), so an import treats
 * CSV and XLSX alike. exceljs' WorkbookReader parses the zip entries as they stream: rows are not
 * kept, so a million-row sheet reads in flat memory (shared strings are cached; files written with
 * inline strings, like ours, have none).
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type CsvColumns, CsvFileError, type CsvStreamItem, checkHeader, normalizeHeader } from '../../csv';

/** A cell as the text a person would have typed: dates as YYYY-MM-DD, numbers without float noise. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // exceljs gives spreadsheet dates as UTC midnights
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    // 0.1 + 0.2 typed as a formula shows as 0.3 in Excel: amounts have at most 2 decimals
    const cents = Math.round(value * 100);
    return Math.abs(value * 100 - cents) < 1e-6 ? (cents / 100).toFixed(2) : String(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText))
      return (object.richText as Array<{ text?: string }>).map((part) => part.text ?? '').join('');
    if ('result' in object) return cellText(object.result); // formula
    if ('text' in object) return cellText(object.text); // hyperlink
    if ('error' in object) return String(object.error);
  }
  return String(value);
}

/** Rows of the first worksheet; `line` is the spreadsheet's row number (the header is row 1). */
export async function* streamXlsx(
  input: string | Readable,
  columns: CsvColumns,
): AsyncGenerator<CsvStreamItem> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let header: string[] | null = null;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const raw = (row.values as unknown[]) ?? [];
        const cells = raw.slice(1).map(cellText);
        if (cells.every((cell) => cell.trim() === '')) continue;
        if (!header) {
          header = cells.map(normalizeHeader);
          while (header.length > 0 && header.at(-1) === '') header.pop();
          const issues = checkHeader(header, columns);
          if (issues.length > 0)
            throw new CsvFileError(issues.map((issue) => ({ ...issue, line: row.number })));
          continue;
        }
        const extra = cells.slice(header.length).filter((cell) => cell.trim() !== '');
        if (extra.length > 0) {
          yield {
            issue: {
              line: row.number,
              field: null,
              reason: `values beyond the ${header.length} header column(s)`,
            },
          };
          continue;
        }
        const values: Record<string, string> = {};
        for (let index = 0; index < header.length; index++)
          values[header[index]!] = (cells[index] ?? '').trim();
        yield { record: { line: row.number, values } };
      }
      break; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    throw new CsvFileError([
      { line: 0, field: null, reason: `not a readable .xlsx file: ${(error as Error).message}` },
    ]);
  }
  if (!header) throw new CsvFileError([{ line: 0, field: null, reason: 'the file is empty' }]);
}
