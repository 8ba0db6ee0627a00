import { formatDemoSummary, seedDemo } from '../../prisma/seed';
import { type CliCommand, UsageError } from './types';

export const demoSeed: CliCommand = {
  name: 'demo seed',
  summary: 'add the demo data (idempotent) and print what to try',
  usage: '',
  async run(args, context) {
    if (args.length > 0) throw new UsageError('no arguments expected');
    const { prisma } = await context.database();
    context.print(formatDemoSummary(await seedDemo(prisma, context.pii, context.now())));
    return 0;
  },
};
