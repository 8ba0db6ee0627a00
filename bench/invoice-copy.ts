/**
 * Baseline of the invoice-import benchmark (bench/invoice-import.ts): PostgreSQL COPY of the SAME
 * generated CSV into a bare table (typed columns, no indexes, no checks) of a fresh test database,
 * streamed by psql's \copy from this machine — what moving the bytes alone costs.
 *
 *   npx tsx bench/invoice-copy.ts [--lines 1000000] [--members 5000] [--out bench/results/invoice-copy.json]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createEmptyTestDatabase } from '../test/support/database';
import { makeInvoices } from './fixtures/make-invoices';
import { machine, round, writeResult } from './support';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    members: { type: 'string', default: '5000' },
    name: { type: 'string', default: 'invoice-copy' },
  },
});
const lines = Number(values.lines);
// the file bench/invoice-import.ts generates and keeps (same name, same content)
const file = path.join(tmpdir(), `invoice-bench-${lines}-${Number(values.members)}.csv`);
if (!existsSync(file)) await makeInvoices({ lines, members: Number(values.members), out: file });

const database = await createEmptyTestDatabase();
try {
  const psql = (command: string) =>
    execFileSync('psql', [database.url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], { encoding: 'utf8' });
  psql(`CREATE TABLE bare_invoice_lines (invoice_number text, clinic_code text, patient text,
        service_date date, service_name text, quantity integer, unit_cost numeric(14,2))`);
  const started = performance.now();
  psql(`\\copy bare_invoice_lines FROM '${file}' WITH (FORMAT csv, HEADER true)`);
  const seconds = (performance.now() - started) / 1000;
  const copied = Number(psql('SELECT count(*) FROM bare_invoice_lines').trim().split('\n').at(-2)?.trim());
  const result = {
    machine: machine(),
    lines,
    copied,
    seconds: round(seconds),
    linesPerSecond: Math.round(lines / seconds),
  };
  writeResult(values.name!, result);
  console.log(JSON.stringify(result, null, 2));
} finally {
  await database.drop();
}
process.exit(0);
