import { formatPoliciesImportReport, importPolicies } from '../../core/services/policies-import';
import { csvFileArgument, readImportFile, reportImport } from './import-file';
import type { CliCommand } from './types';

export const policiesImport: CliCommand = {
  name: 'policies import',
  summary: 'import issued policies: CSV policy_number,product_code,activation_code[,issued_at]',
  usage: '<file.csv>',
  async run(args, context) {
    const file = csvFileArgument(args);
    const bytes = await readImportFile(file);
    const { prisma } = await context.database();
    const report = await importPolicies(prisma, context.pii, bytes, context.now());
    return reportImport(context, 'policies import', file, report, formatPoliciesImportReport, {
      created: report.created,
      issues: report.issues.length,
    });
  },
};
