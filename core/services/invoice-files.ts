import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { streamCsv } from '../csv';
import { streamXlsx } from '../integrations/documents/xlsx-rows';
import { INVOICE_COLUMNS, type InvoiceSource } from './invoices-import';

export class UnsupportedInvoiceFile extends Error {
  override name = 'UnsupportedInvoiceFile';
}

/** A file read as CSV or XLSX (by extension), re-readable for the import's two passes. */
export function invoiceFileSource(file: string, onBytes?: (bytes: number) => void): InvoiceSource {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.xlsx') {
    return {
      name: `xlsx:${path.basename(file)}`,
      records() {
        let bytes = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            bytes += chunk.length;
            onBytes?.(bytes);
            done(null, chunk);
          },
        });
        return streamXlsx(createReadStream(file).pipe(counter), INVOICE_COLUMNS);
      },
    };
  }
  if (extension !== '.csv' && extension !== '.txt')
    throw new UnsupportedInvoiceFile(`${path.basename(file)}: expected a .csv or .xlsx file`);
  return {
    name: `csv:${path.basename(file)}`,
    records: () =>
      streamCsv(createReadStream(file, { highWaterMark: 1 << 20 }), INVOICE_COLUMNS, { onBytes }),
  };
}
