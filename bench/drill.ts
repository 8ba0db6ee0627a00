/**
 * Resilience drills: `npm run drill -- <worker-kill|redis-restart|postgres-restart|fuzz|all>`.
 * Each prints what was expected and what happened; exit code 0 when every check held, else 1.
 * Reports go to bench/results/drill-<name>.json.
 */
import type { DrillReport } from './drills/common';
import { writeResult } from './support';

const drills: Record<string, () => Promise<DrillReport>> = {
  'worker-kill': async () => (await import('./drills/worker-kill')).workerKill(),
  'redis-restart': async () => (await import('./drills/redis-restart')).redisRestart(),
  'postgres-restart': async () => (await import('./drills/postgres-restart')).postgresRestart(),
  fuzz: async () => (await import('./drills/fuzz')).fuzz(),
};

const name = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (!name || (name !== 'all' && !drills[name])) {
  console.error(`usage: npm run drill -- <${[...Object.keys(drills), 'all'].join('|')}>`);
  process.exit(2);
}
const names = name === 'all' ? Object.keys(drills) : [name];
let allOk = true;
for (const drill of names) {
  console.log(`\n=== drill ${drill}`);
  let report: DrillReport;
  try {
    report = await drills[drill]!();
  } catch (error) {
    report = {
      drill,
      ok: false,
      seconds: 0,
      checks: [],
      notes: [`the drill itself failed: ${(error as Error).stack ?? error}`],
    };
  }
  // a drill passes only when every one of its checks held
  report.ok = report.ok && report.checks.every((c) => c.ok);
  for (const c of report.checks) {
    console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.what}: expected ${c.expected}, happened ${c.happened}`);
  }
  for (const note of report.notes) console.log(`     · ${note}`);
  console.log(`${report.ok ? 'PASSED' : 'FAILED'} ${drill} in ${report.seconds} s`);
  writeResult(`drill-${drill}`, report as unknown as Record<string, unknown>);
  allOk &&= report.ok;
}
process.exit(allOk ? 0 : 1);
