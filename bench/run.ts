/**
 * `npm run bench` (quick, a few minutes) or `npm run bench -- --full`: runs every measure as its own
 * child process (clean memory numbers, no shared event loop), each writing bench/results/<name>.json,
 * then writes bench/results/latest.json (and latest-<mode>.json) and prints the table. `--only a,b` runs some of them.
 *
 * Measures (docs/performance.md): telegram-updates, notice-fanout, invoice-import (+ invoice-copy,
 * its COPY baseline), schedule-jobs, payment-webhook.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machine, RESULTS_DIR, round } from './support';

const { values } = parseArgs({
  options: { full: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const full = values.full!;
const mode = full ? 'full' : 'quick';
const lines = full ? 1_000_000 : 100_000;
const suffix = full ? '' : '-quick';

interface Step {
  name: string;
  script: string;
  args: string[];
  /** result file (without .json) */
  result: string;
  timeoutMs: number;
  /** takes --full (the invoice scripts take --lines instead) */
  full?: false;
}
const steps: Step[] = [
  {
    name: 'telegram-updates',
    script: 'telegram-updates.ts',
    args: [],
    result: 'telegram-updates',
    timeoutMs: 600_000,
  },
  {
    name: 'notice-fanout',
    script: 'notice-fanout.ts',
    args: [],
    result: 'notice-fanout',
    timeoutMs: 900_000,
  },
  {
    name: 'invoice-import',
    script: 'invoice-import.ts',
    args: ['--lines', String(lines), '--out', `bench/results/invoice-import${suffix}.json`],
    result: `invoice-import${suffix}`,
    timeoutMs: 1_800_000,
    full: false,
  },
  {
    name: 'invoice-copy',
    script: 'invoice-copy.ts',
    args: ['--lines', String(lines), '--name', `invoice-copy${suffix}`],
    result: `invoice-copy${suffix}`,
    timeoutMs: 600_000,
    full: false,
  },
  {
    name: 'schedule-jobs',
    script: 'schedule-jobs.ts',
    args: [],
    result: 'schedule-jobs',
    timeoutMs: 600_000,
  },
  {
    name: 'payment-webhook',
    script: 'payment-webhook.ts',
    args: [],
    result: 'payment-webhook',
    timeoutMs: 600_000,
  },
];
const only = values.only?.split(',');

function runStep(step: Step): Promise<{ ok: boolean; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(import.meta.dirname, step.script),
        ...step.args,
        ...(full && step.full !== false ? ['--full'] : []),
      ],
      { cwd: path.resolve(import.meta.dirname, '..'), stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), step.timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, seconds: round((performance.now() - started) / 1000, 1) });
    });
  });
}

// biome-ignore lint/suspicious/noExplicitAny: result files are JSON written by the measures
const read = (name: string): any => {
  try {
    return JSON.parse(readFileSync(path.join(RESULTS_DIR, `${name}.json`), 'utf8'));
  } catch {
    return null;
  }
};

const started = performance.now();
const runs: Record<string, { ok: boolean; seconds: number }> = {};
for (const step of steps) {
  if (only && !only.includes(step.name) && !(step.name === 'invoice-copy' && only.includes('invoice-import')))
    continue;
  process.stderr.write(`▶ ${step.name} (${mode})\n`);
  runs[step.name] = await runStep(step);
  process.stderr.write(`  ${runs[step.name]!.ok ? 'done' : 'FAILED'} in ${runs[step.name]!.seconds} s\n`);
}

const tg = read('telegram-updates');
const fan = read('notice-fanout');
const inv = read(`invoice-import${suffix}`);
const copy = read(`invoice-copy${suffix}`);
const sched = read('schedule-jobs');
const pay = read('payment-webhook');
const yes = (met: boolean | undefined) => (met === undefined ? '?' : met ? 'yes' : 'NO');
const invoiceSeconds = inv ? inv.import.seconds + inv.issue.seconds : Number.NaN;
// the baseline counts only when it copied the same file
const invoiceRatio = copy && inv && copy.lines === inv.lines ? invoiceSeconds / copy.seconds : Number.NaN;

const rows: string[][] = [];
if (tg)
  rows.push([
    'updates/s, activation dialogs (grammY → engine → PG + Redis)',
    `${tg.pipeline.updatesPerSecond}/s (c=${tg.concurrency}), p99 ${tg.pipeline.latencyMs.p99} ms; c=${tg.pipelineLightLoad.concurrency}: p99 ${tg.pipelineLightLoad.latencyMs.p99} ms`,
    `bare grammY ${tg.baseline.updatesPerSecond}/s`,
    `${tg.ratio}× (≥ 0.5×), p99 ≤ 50 ms`,
    `${yes(tg.goals.ratio.met)} / ${yes(tg.goals.p99.met)} (light: ${yes(tg.goals.p99LightLoad.met)})`,
  ]);
if (fan) {
  rows.push([
    'notice fan-out, server limited 30/s + 1/s per chat',
    `${fan.limited.messagesPerSecond} msg/s, ${fan.limited.received429} × 429`,
    'limit 30 msg/s',
    `${round(fan.limited.shareOfLimit * 100, 1)} % (≥ 97 %), 0 × 429`,
    `${yes(fan.goals.limitedShare.met)} / ${yes(fan.goals.limited429.met)}`,
  ]);
  rows.push([
    'notice fan-out, server unlimited',
    `${fan.unlimited.messagesPerSecond} msg/s`,
    '—',
    '≥ 2 000 msg/s',
    yes(fan.goals.unlimitedRate.met),
  ]);
}
if (inv)
  rows.push([
    `invoice import + pricing + bills, ${inv.lines.toLocaleString('en')} lines`,
    `${round(invoiceSeconds, 1)} s (import ${inv.import.seconds} + bills ${inv.issue.seconds}), peak RSS ${inv.peakRssMb} MB`,
    copy ? `COPY ${copy.seconds} s` : '—',
    `${round(invoiceRatio, 1)}× (≤ 3×)`,
    yes(invoiceRatio <= 3),
  ]);
if (sched)
  rows.push([
    `scheduling ${sched.jobs.toLocaleString('en')} coverage-start jobs`,
    `addBulk ${sched.addBulk.seconds} s, ${sched.addBulk.redisBytesPerJob} B/job; relay ${sched.relay.seconds} s`,
    '—',
    `≤ ${round((5 * sched.jobs) / 100_000, 1)} s per ${sched.jobs.toLocaleString('en')} (5 s / 100 000)`,
    `${yes(sched.addBulk.seconds <= (5 * sched.jobs) / 100_000)} / relay ${yes(sched.goals.relay.met)}`,
  ]);
if (pay)
  rows.push([
    'payment webhooks (autocannon, signed demo)',
    `distinct ids ${pay.distinct.requestsPerSecond}/s p99 ${pay.distinct.latencyMs.p99} ms; replays ${pay.replay.requestsPerSecond}/s p99 ${pay.replay.latencyMs.p99} ms`,
    `bare Fastify ${pay.baseline.requestsPerSecond}/s`,
    `${pay.distinct.ratio}× / ${pay.replay.ratio}× (≥ 0.3×), p99 ≤ 50 ms`,
    `${yes(pay.goals.distinctRatio.met && pay.goals.distinctP99.met)} / ${yes(pay.goals.replayRatio.met && pay.goals.replayP99.met)}`,
  ]);

const latest = {
  mode,
  at: new Date().toISOString(),
  seconds: round((performance.now() - started) / 1000, 1),
  machine: machine(),
  runs,
  table: rows.map(([measure, value, baseline, goal, met]) => ({ measure, value, baseline, goal, met })),
  results: {
    'telegram-updates': tg,
    'notice-fanout': fan,
    'invoice-import': inv,
    'invoice-copy': copy,
    'schedule-jobs': sched,
    'payment-webhook': pay,
  },
};
// latest.json is the last run; latest-quick.json / latest-full.json keep the last run of each mode
for (const file of ['latest.json', `latest-${mode}.json`])
  writeFileSync(path.join(RESULTS_DIR, file), `${JSON.stringify(latest, null, 2)}\n`);

const header = ['measure', 'value', 'baseline (same run)', 'goal', 'met'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`\n${mode} run, ${latest.seconds} s, load average ${latest.machine.loadAverage.join(' ')}`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
const failed = Object.entries(runs).filter(([, r]) => !r.ok);
if (failed.length > 0) console.log(`\nfailed to run: ${failed.map(([name]) => name).join(', ')}`);
process.exit(failed.length > 0 ? 1 : 0);
