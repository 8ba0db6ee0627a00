import { parseArgs } from 'node:util';
import { formatRosterImportReport, importRoster } from '../../core/services/roster-import';
import { readImportFile, reportImport } from './import-file';
import { type CliCommand, UsageError } from './types';

export const rosterImport: CliCommand = {
  name: 'roster import',
  summary: "import an employer's DMS roster: CSV employee_number,full_name,birth_date,phone[,policy_number]",
  usage: '<employer-code> <file.csv>',
  async run(args, context) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    const [employerCode, file, ...extra] = positionals;
    if (!employerCode || !file || extra.length > 0)
      throw new UsageError('an employer code and one CSV file are expected');
    const bytes = await readImportFile(file);
    const { prisma } = await context.database();
    const employer = await prisma.employer.findUnique({
      where: { code: employerCode },
      include: { programme: { select: { timeZone: true } } },
    });
    const report = await importRoster(prisma, employerCode, bytes, context.now(), {
      zone: employer?.programme.timeZone,
      actor: 'cli',
    });
    return reportImport(context, 'roster import', file, report, formatRosterImportReport, {
      employer: employerCode,
      created: report.created,
      updated: report.updated,
      issues: report.issues.length,
    });
  },
};
