import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import type { CsvStreamItem } from '../../core/csv';
import { issueBills, publicBaseUrl } from '../../core/services/billing';
import { type ImportIssue, type InvoiceSource, importInvoices } from '../../core/services/invoices-import';
import { requireAdmin } from '../admin/auth';

/**
 * `POST /api/backoffice/invoices` (Authorization: Bearer ADMIN_TOKEN): clinic invoices as JSON, the
 * same checks and all-or-nothing rule as the CLI import (docs/billing.md). Bills are issued right
 * after a successful import unless `"issue": false`. For files of millions of lines use the CLI,
 * which streams; this endpoint takes up to 50 MB of JSON.
 *
 *   {"invoices":[{"number":"INV-1","clinic":"demo-msk-sokol","lines":[{"patient":"DMS-300001",
 *     "serviceDate":"2026-10-01","serviceName":"Приём терапевта","quantity":1,"unitCost":"2500.00"}]}]}
 *
 * 200 `{ok:true, report, bills}`; 422 `{ok:false, report}` with issues `{line, field, reason}` where
 * `line` counts lines across the request from 1 and `field` is the JSON path.
 */
const Amount = z.union([z.string().max(40), z.number()]);
const Line = z.object({
  patient: z.string().max(100),
  serviceDate: z.string().max(20),
  serviceName: z.string().max(1000),
  quantity: z.union([z.number(), z.string().max(20)]),
  unitCost: Amount,
});
const Body = z.object({
  invoices: z
    .array(
      z.object({
        number: z.string().max(100),
        clinic: z.string().max(100),
        lines: z.array(Line).min(1),
      }),
    )
    .min(1),
  issue: z.boolean().default(true),
});

const FIELD_NAMES: Record<string, string> = {
  invoice_number: 'number',
  clinic_code: 'clinic',
  patient: 'patient',
  service_date: 'serviceDate',
  service_name: 'serviceName',
  quantity: 'quantity',
  unit_cost: 'unitCost',
};

/** Numbers given as JSON numbers are written back as plain decimals for parseMoney. */
const amountText = (value: string | number) => (typeof value === 'number' ? String(value) : value);

export function backofficeInvoicesRoutes(ctx: AppContext, adminToken: string): FastifyPluginAsync {
  return async (app) => {
    const options = { bodyLimit: 50 * 1024 * 1024, onRequest: requireAdmin(adminToken) };
    app.post('/api/backoffice/invoices', options, async (request, reply) => {
      const parsed = Body.safeParse(request.body);
      if (!parsed.success)
        return reply.code(400).send({
          error: 'bad_request',
          issues: parsed.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            message: issue.message,
          })),
        });
      const body = parsed.data;
      const paths: string[] = [];
      const items: CsvStreamItem[] = [];
      body.invoices.forEach((invoice, i) => {
        invoice.lines.forEach((line, j) => {
          paths.push(`invoices[${i}].lines[${j}]`);
          items.push({
            record: {
              line: items.length + 1,
              values: {
                invoice_number: invoice.number.trim(),
                clinic_code: invoice.clinic.trim(),
                patient: line.patient.trim(),
                service_date: line.serviceDate.trim(),
                service_name: line.serviceName.trim(),
                quantity: String(line.quantity).trim(),
                unit_cost: amountText(line.unitCost).trim(),
              },
            },
          });
        });
      });
      const source: InvoiceSource = {
        name: 'api',
        async *records() {
          yield* items;
        },
      };
      const now = ctx.clock.now();
      const report = await importInvoices(ctx.db.prisma, ctx.pii, source, { now });
      const issues = report.issues.map((issue: ImportIssue) => {
        const path = paths[issue.line - 1];
        const field = issue.field ? (FIELD_NAMES[issue.field] ?? issue.field) : null;
        const where = path
          ? field && field !== 'number' && field !== 'clinic'
            ? `${path}.${field}`
            : path
          : null;
        const invoicePath = path?.replace(/\.lines\[\d+\]$/, '');
        return {
          ...issue,
          field: field === 'number' || field === 'clinic' ? `${invoicePath}.${field}` : where,
        };
      });
      if (!report.ok) return reply.code(422).send({ ok: false, report: { ...report, issues } });
      const bills = body.issue
        ? await issueBills(ctx.db.prisma, {
            now,
            baseUrl: publicBaseUrl(ctx.config),
            calendarDir: ctx.config.CALENDAR_DIR,
            logger: ctx.logger,
          })
        : null;
      return reply.send({ ok: true, report, bills });
    });
  };
}
