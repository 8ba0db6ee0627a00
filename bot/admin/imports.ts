import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { type I18n, isLanguage, type Language } from '../../core/i18n';
import { formatBillsIssued, issueBills, publicBaseUrl } from '../../core/services/billing';
import { formatClinicsImportReport, importClinics } from '../../core/services/clinics';
import { invoiceFileSource, UnsupportedInvoiceFile } from '../../core/services/invoice-files';
import { formatInvoiceImportReport, importInvoices } from '../../core/services/invoices-import';
import { formatPoliciesImportReport, importPolicies } from '../../core/services/policies-import';
import { formatRosterImportReport, importRoster } from '../../core/services/roster-import';
import { requireAdmin } from './auth';

export const IMPORTS_PATH = '/admin/import';
const MAX_FILE_BYTES = 512 * 1024 * 1024;

interface Upload {
  file: string;
  fileName: string;
  employer: string;
}

type Outcome = { ok: boolean; text: string };

/** The back-office imports, the same services as `npm run cli -- <kind> import`. */
const importers: Record<string, (ctx: AppContext, upload: Upload) => Promise<Outcome>> = {
  async policies(ctx, upload) {
    const report = await importPolicies(ctx.db.prisma, ctx.pii, await readFile(upload.file), ctx.clock.now());
    return { ok: report.ok, text: formatPoliciesImportReport(report, upload.fileName) };
  },
  async roster(ctx, upload) {
    const employer = await ctx.db.prisma.employer.findUnique({
      where: { code: upload.employer },
      include: { programme: { select: { timeZone: true } } },
    });
    const bytes = await readFile(upload.file);
    const report = await importRoster(ctx.db.prisma, upload.employer, bytes, ctx.clock.now(), {
      zone: employer?.programme.timeZone,
      actor: 'backoffice',
    });
    return { ok: report.ok, text: formatRosterImportReport(report, upload.fileName) };
  },
  async clinics(ctx, upload) {
    const report = await importClinics(ctx.db.prisma, await readFile(upload.file));
    return { ok: report.ok, text: formatClinicsImportReport(report, upload.fileName) };
  },
  async invoices(ctx, upload) {
    const now = ctx.clock.now();
    const report = await importInvoices(ctx.db.prisma, ctx.pii, invoiceFileSource(upload.file), { now });
    const text = formatInvoiceImportReport(report, upload.fileName);
    if (!report.ok) return { ok: false, text };
    const bills = await issueBills(ctx.db.prisma, {
      now,
      baseUrl: publicBaseUrl(ctx.config),
      calendarDir: ctx.config.CALENDAR_DIR,
      logger: ctx.logger,
    });
    return { ok: true, text: `${text}\n${formatBillsIssued(bills)}` };
  },
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A cross-site form post would carry the browser's Basic credentials: accept same-origin posts only. */
function crossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.origin;
  return origin !== undefined && origin !== 'null' && new URL(origin).host !== request.headers.host;
}

/**
 * GET/POST /admin/import: upload a policies, roster, clinics or invoices file and read the same
 * line-level report as the CLI prints. The embedded default holds its database in this process, so
 * this page is how files get in while `npm start` runs.
 */
export function importsPage(ctx: AppContext, i18n: I18n, adminToken: string): FastifyPluginAsync {
  const render = (language: Language, outcome?: Outcome) => {
    const t = (key: string) => escapeHtml(i18n.t(language, key));
    const options = Object.keys(importers)
      .map((kind) => `<option value="${kind}">${t(`backoffice-import-kind-${kind}`)}</option>`)
      .join('');
    const result = outcome
      ? `<h2>${t(outcome.ok ? 'backoffice-import-done' : 'backoffice-import-refused')}</h2><pre>${escapeHtml(outcome.text)}</pre>`
      : '';
    return `<!doctype html><html lang="${language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('backoffice-import-title')}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
label{display:block;margin:.8rem 0 .2rem}select,input,button{font:inherit}button{margin-top:1rem;padding:.4rem 1.2rem}
pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}</style></head><body>
<h1>${t('backoffice-import-title')}</h1><p>${t('backoffice-import-hint')}</p>
<form method="post" enctype="multipart/form-data" action="${IMPORTS_PATH}?lang=${language}">
<label for="kind">${t('backoffice-import-kind')}</label><select id="kind" name="kind">${options}</select>
<label for="employer">${t('backoffice-import-employer')}</label><input id="employer" name="employer" placeholder="demo-factory">
<label for="file">${t('backoffice-import-file')}</label><input id="file" name="file" type="file" required accept=".csv,.txt,.xlsx">
<div><button type="submit">${t('backoffice-import-submit')}</button></div></form>${result}</body></html>`;
  };
  const languageOf = (request: FastifyRequest): Language => {
    const lang = (request.query as { lang?: string }).lang;
    return isLanguage(lang) ? lang : 'ru';
  };

  return async (app) => {
    await app.register(async (scope) => {
      scope.addHook('onRequest', requireAdmin(adminToken));
      await scope.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 4 } });

      scope.get(IMPORTS_PATH, async (request, reply) =>
        reply.type('text/html').send(render(languageOf(request))),
      );

      scope.post(IMPORTS_PATH, { bodyLimit: MAX_FILE_BYTES + 1024 * 1024 }, async (request, reply) => {
        const language = languageOf(request);
        const refuse = (status: number, key: string) =>
          reply
            .code(status)
            .type('text/html')
            .send(render(language, { ok: false, text: i18n.t(language, key) }));
        if (crossSite(request)) return refuse(403, 'backoffice-import-cross-site');
        if (!request.isMultipart()) return refuse(400, 'backoffice-import-no-file');

        const directory = await mkdtemp(path.join(tmpdir(), 'ia-import-'));
        try {
          const fields: Record<string, string> = {};
          let upload: Upload | undefined;
          for await (const part of request.parts()) {
            if (part.type === 'field') fields[part.fieldname] = String(part.value);
            else {
              const fileName = path.basename(part.filename || 'upload.csv');
              const file = path.join(directory, fileName);
              await pipeline(part.file, createWriteStream(file));
              if (part.file.truncated) return refuse(413, 'backoffice-import-too-large');
              upload = { file, fileName, employer: '' };
            }
          }
          const importer = importers[fields.kind ?? ''];
          if (!upload || !importer) return refuse(400, 'backoffice-import-no-file');
          upload.employer = fields.employer?.trim() ?? '';
          const outcome = await importer(ctx, upload).catch((error: unknown) => {
            if (error instanceof UnsupportedInvoiceFile) return { ok: false, text: error.message };
            throw error;
          });
          ctx.logger.info({ kind: fields.kind, file: upload.fileName, ok: outcome.ok }, 'back-office import');
          return reply
            .code(outcome.ok ? 200 : 422)
            .type('text/html')
            .send(render(language, outcome));
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
      });
    });
  };
}
