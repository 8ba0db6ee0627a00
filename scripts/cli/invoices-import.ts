import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { formatBillsIssued, issueBills, publicBaseUrl } from '../../core/services/billing';
import { invoiceFileSource, UnsupportedInvoiceFile } from '../../core/services/invoice-files';
import { formatInvoiceImportReport, importInvoices } from '../../core/services/invoices-import';
import { unreadableFile } from './import-file';
import { type CliCommand, UsageError } from './types';

export const invoicesImport: CliCommand = {
  name: 'invoices import',
  summary:
    'import clinic invoices (CSV or XLSX: invoice_number,clinic_code,patient,service_date,service_name,quantity,unit_cost), then issue bills',
  usage: '<file.csv|file.xlsx> [--no-issue] [--no-progress]',
  async run(args, context) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: { 'no-issue': { type: 'boolean' }, 'no-progress': { type: 'boolean' } },
    });
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('exactly one CSV or XLSX file is expected');
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (error) {
      throw unreadableFile(file, error);
    }
    const showProgress = !values['no-progress'] && process.stderr.isTTY;
    const bar = showProgress
      ? new cliProgress.SingleBar(
          {
            format: '{phase} |{bar}| {percentage}% | {lines} lines | {eta_formatted}',
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
    let phase = 'check';
    let lines = 0;
    bar?.start(size, 0, { phase, lines });
    let source: ReturnType<typeof invoiceFileSource>;
    try {
      source = invoiceFileSource(file, (bytes) => bar?.update(bytes, { phase, lines }));
    } catch (error) {
      if (error instanceof UnsupportedInvoiceFile) throw new UsageError(error.message);
      throw error;
    }
    const { prisma } = await context.database();
    const now = context.now();
    const report = await importInvoices(prisma, context.pii, source, {
      now,
      onProgress: (progress) => {
        if (progress.phase !== phase) {
          phase = progress.phase;
          bar?.update(0, { phase, lines: progress.lines });
        }
        lines = progress.lines;
      },
    });
    bar?.update(size, { phase, lines });
    bar?.stop();
    context.print(formatInvoiceImportReport(report, path.basename(file)));
    context.logger.info(
      { file: path.basename(file), ok: report.ok, total: report.total, issues: report.issueCount },
      'invoices import',
    );
    if (!report.ok) return 1;
    if (!values['no-issue']) {
      const bills = await issueBills(prisma, {
        now,
        baseUrl: publicBaseUrl(context.config),
        calendarDir: context.config.CALENDAR_DIR,
      });
      context.print(formatBillsIssued(bills));
    }
    return 0;
  },
};

export const billsIssue: CliCommand = {
  name: 'bills issue',
  summary: 'issue franchise bills for every imported line not billed yet (what the daily job does)',
  usage: '',
  async run(args, context) {
    if (args.length > 0) throw new UsageError('no arguments expected');
    const { prisma } = await context.database();
    const bills = await issueBills(prisma, {
      now: context.now(),
      baseUrl: publicBaseUrl(context.config),
      calendarDir: context.config.CALENDAR_DIR,
    });
    context.print(formatBillsIssued(bills));
    return 0;
  },
};
