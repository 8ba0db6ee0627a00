/**
 * Benchmark of the clinic-invoice import (docs/billing.md): a generated CSV of N lines
 * (bench/fixtures/make-invoices.ts) imported into a fresh PostgreSQL database through the same
 * service as the CLI (two streamed passes, multi-row inserts, one transaction), then bills issued.
 * Measures wall time and peak RSS and writes bench/results/invoice-import.json.
 *
 *   npx tsx bench/invoice-import.ts [--lines 1000000] [--members 5000]
 *
 * PostgreSQL: TEST_POSTGRES_URL (admin URL, default postgresql://postgres@127.0.0.1:5432/postgres).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPiiProtector } from '../core/crypto';
import { openDatabase } from '../core/db';
import { issueBills } from '../core/services/billing';
import { invoiceFileSource } from '../core/services/invoice-files';
import { importInvoices } from '../core/services/invoices-import';
import { seedDemo } from '../prisma/seed';
import { createEmptyTestDatabase, testLogger } from '../test/support/database';
import { benchPolicy, makeInvoices } from './fixtures/make-invoices';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    members: { type: 'string', default: '5000' },
    out: { type: 'string', default: 'bench/results/invoice-import.json' },
  },
});
const lines = Number(values.lines);
const memberCount = Number(values.members);
// generated once into the temp directory (hundreds of MB: not for the repository)
const file = path.join(tmpdir(), `invoice-bench-${lines}-${memberCount}.csv`);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 25);

const now = new Date('2026-11-20T07:00:00Z');
if (!existsSync(file)) {
  const started = performance.now();
  await makeInvoices({ lines, members: memberCount, out: file });
  console.log(`generated ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const fileBytes = (await stat(file)).size;

const database = await createEmptyTestDatabase();
const db = await openDatabase({
  databaseUrl: database.url,
  dataDir: '/nonexistent',
  logger: testLogger(),
  poolSize: 4,
});
try {
  const { prisma } = db;
  const pii = createPiiProtector('bench-only-pii-key-0000000000000000000000');
  await seedDemo(prisma, pii, now);
  const programme = await prisma.programme.findUniqueOrThrow({ where: { code: 'dms-alfa' } });
  const employer = await prisma.employer.create({
    data: { code: 'bench-employer', name: 'Bench', programmeId: programme.id },
  });
  for (let i = 0; i < memberCount; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, memberCount - i) }, (_, k) => i + k);
    const people = batch.map((n) => ({
      id: randomUUID(),
      fullName: `Bench ${n}`,
      phone: `+7916${String(n).padStart(7, '0')}`,
    }));
    const entries = batch.map((n) => ({
      id: randomUUID(),
      employerId: employer.id,
      employeeNumber: `B-${n}`,
      fullName: `Bench ${n}`,
      birthDate: new Date('1980-01-01T00:00:00Z'),
      phone: people[n - i]!.phone,
      policyNumber: benchPolicy(n),
    }));
    await prisma.person.createMany({ data: people });
    await prisma.rosterEntry.createMany({ data: entries });
    await prisma.member.createMany({
      data: batch.map((n) => ({
        personId: people[n - i]!.id,
        rosterEntryId: entries[n - i]!.id,
        programmeId: programme.id,
        registeredAt: now,
        channel: 'cli' as const,
        phoneVerifiedAt: now,
      })),
    });
  }

  peakRss = process.memoryUsage().rss;
  const baselineRss = peakRss;
  const importStarted = performance.now();
  let checkEnded = 0;
  const report = await importInvoices(prisma, pii, invoiceFileSource(file), {
    now,
    onProgress: (progress) => {
      if (progress.phase === 'write' && checkEnded === 0) checkEnded = performance.now();
    },
  });
  const importSeconds = (performance.now() - importStarted) / 1000;
  if (!report.ok) throw new Error(`import refused: ${JSON.stringify(report.issues.slice(0, 5))}`);
  const importPeakRss = peakRss;

  const issueStarted = performance.now();
  const bills = await issueBills(prisma, { now, baseUrl: 'http://127.0.0.1:3000' });
  const issueSeconds = (performance.now() - issueStarted) / 1000;
  clearInterval(sampler);

  const result = {
    benchmark: 'invoice-import',
    at: new Date().toISOString(),
    database: 'postgres',
    node: process.version,
    lines,
    members: memberCount,
    fileBytes,
    import: {
      seconds: Number(importSeconds.toFixed(2)),
      checkPassSeconds: Number(((checkEnded - importStarted) / 1000).toFixed(2)),
      linesPerSecond: Math.round(lines / importSeconds),
      invoices: report.invoices.created,
      peakRssMb: Math.round(importPeakRss / 2 ** 20),
      rssBeforeMb: Math.round(baselineRss / 2 ** 20),
    },
    issue: {
      seconds: Number(issueSeconds.toFixed(2)),
      bills: bills.bills,
      charges: bills.charges,
      notices: bills.notices,
    },
    peakRssMb: Math.round(peakRss / 2 ** 20),
  };
  await mkdir(path.dirname(values.out!), { recursive: true });
  await writeFile(values.out!, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  clearInterval(sampler);
  await db.close();
  await database.drop();
}
process.exit(0);
