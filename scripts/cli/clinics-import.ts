import { formatClinicsImportReport, importClinics } from '../../core/services/clinics';
import { csvFileArgument, readImportFile, reportImport } from './import-file';
import type { CliCommand } from './types';

export const clinicsImport: CliCommand = {
  name: 'clinics import',
  summary: 'import clinics: CSV code,name,city,address,latitude,longitude,phone,programmes (a|b)',
  usage: '<file.csv>',
  async run(args, context) {
    const file = csvFileArgument(args);
    const bytes = await readImportFile(file);
    const { prisma } = await context.database();
    const report = await importClinics(prisma, bytes);
    return reportImport(context, 'clinics import', file, report, formatClinicsImportReport, {
      created: report.created,
      updated: report.updated,
      issues: report.issues.length,
    });
  },
};
