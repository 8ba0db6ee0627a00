import type { webApi } from '@slack/bolt';
import type { Clock } from '../clock';
import type { Database } from '../db';
import type { Notification } from '../generated/prisma/client';
import { formatAmount, type I18n, type Language, type MessageParams } from '../i18n';
import { PERMANENT_SLACK_ERRORS, slackErrorCode } from '../integrations/slack';
import { debtReport, findHrLinkByChannel } from '../services/hr';
import { HR_ALERT_TEMPLATE, HR_PAID_TEMPLATE, HR_REPORT_TEMPLATE } from '../services/hr-notify';
import { buildDebtReportXlsx, debtReportFileName, formatReportMonth } from '../services/hr-report';
import { noticeParams } from './params';
import type { DeliveryResult, NotificationSender } from './types';

/**
 * Slack notices to HR channels (outbox rows of channel `slack`, address = channel id), in the
 * language of the channel's HrSlackLink:
 *
 * - `hr-alert-emergency`, `hr-alert-debt-paid`: one chat.postMessage, amounts in the channel's language;
 * - `hr-report-monthly`: chat.postMessage with the totals, then the debt report XLSX, built now,
 *   uploaded into that message's thread with files.uploadV2 (files.getUploadURLExternal → upload →
 *   files.completeUploadExternal). The message's ts is kept on the row first, so a retry after a
 *   failed upload uploads the file without posting the message twice;
 * - any other template: its text, posted as is.
 *
 * A channel that is no longer linked to the notice's employer gets nothing (permanent failure).
 * Slack's `ratelimited` → retry after Retry-After; channel/auth errors → permanent; others retry.
 */
export interface SlackSenderDeps {
  client: webApi.WebClient;
  i18n: I18n;
  db: Pick<Database, 'prisma'>;
  clock: Clock;
}

export function slackDeliveryError(error: unknown): DeliveryResult & { ok: false } {
  const code = (error as { code?: string })?.code;
  if (code === 'slack_webapi_rate_limited_error') {
    const seconds = (error as { retryAfter?: number }).retryAfter ?? 1;
    return {
      ok: false,
      error: `Slack rate limit (retry after ${seconds} s)`,
      permanent: false,
      retryAfterMs: seconds * 1000,
    };
  }
  const reason = slackErrorCode(error);
  if (code === 'slack_webapi_platform_error')
    return { ok: false, error: `Slack: ${reason}`, permanent: PERMANENT_SLACK_ERRORS.has(reason) };
  return { ok: false, error: `Slack unreachable: ${reason}`, permanent: false };
}

class Permanent extends Error {}

/** Notices about one employer's people: only a channel still linked to that employer gets them. */
const EMPLOYER_TEMPLATES = new Set([HR_REPORT_TEMPLATE, HR_ALERT_TEMPLATE, HR_PAID_TEMPLATE]);

/** Minor-unit amounts of an alert (`debt`, `paid`, `left`) as `<name>Amount` texts in `lang`. */
function withAmounts(lang: Language, params: MessageParams): MessageParams {
  const currency = String(params.currency ?? 'KZT');
  const out: MessageParams = { ...params };
  for (const key of ['debt', 'paid', 'left'])
    if (params[key] !== undefined) out[`${key}Amount`] = formatAmount(lang, Number(params[key]), currency);
  return out;
}

export function createSlackSender(deps: SlackSenderDeps): NotificationSender {
  const { prisma } = deps.db;
  const { client, i18n } = deps;

  const render = (lang: Language, key: string, params: MessageParams) => {
    try {
      return i18n.t(lang, key, params);
    } catch (error) {
      throw new Permanent(`cannot render ${key}: ${(error as Error).message}`);
    }
  };

  async function post(channel: string, text: string): Promise<string> {
    const answer = await client.chat.postMessage({ channel, text, unfurl_links: false, mrkdwn: true });
    return String(answer.ts ?? '');
  }

  async function sendReport(
    notification: Notification,
    channel: string,
    lang: Language,
    params: MessageParams,
  ) {
    const employerId = String(params.employerId ?? '');
    const month = String(params.month ?? '');
    const now = deps.clock.now();
    const report = await debtReport(prisma, employerId, now);
    const employer = await prisma.employer.findUniqueOrThrow({
      where: { id: employerId },
      select: { code: true },
    });
    const money = (minor: number) => formatAmount(lang, minor, report.currency);
    const text = render(lang, HR_REPORT_TEMPLATE, {
      month: formatReportMonth(i18n, lang, month),
      employer: report.employerName,
      amount: money(report.summary.debtTotal),
      overdue: money(report.summary.overdueTotal),
      debtors: report.summary.overdueDebtors,
    });
    let ts = notification.providerMessageId;
    if (!ts) {
      ts = await post(channel, text);
      await prisma.notification.update({ where: { id: notification.id }, data: { providerMessageId: ts } });
    }
    const file = await buildDebtReportXlsx(report, i18n, lang);
    const upload = {
      file,
      filename: debtReportFileName(employer.code, report.asOf),
      title: render(lang, 'hr-report-comment', { employer: report.employerName, date: report.asOf }),
    };
    await client.filesUploadV2(
      ts ? { ...upload, channel_id: channel, thread_ts: ts } : { ...upload, channel_id: channel },
    );
    return ts;
  }

  return {
    channel: 'slack',
    async send(notification: Notification): Promise<DeliveryResult> {
      const channel = notification.address;
      if (!channel) return { ok: false, error: 'no Slack channel (address) on the notice', permanent: true };
      const params = noticeParams(notification.params);
      const link = await findHrLinkByChannel(prisma, channel);
      if (EMPLOYER_TEMPLATES.has(notification.template) && (!link || link.employerId !== params.employerId))
        return {
          ok: false,
          error: `channel ${channel} is not linked to this employer any more`,
          permanent: true,
        };
      const lang: Language = link?.language ?? 'ru';
      try {
        if (notification.template === HR_REPORT_TEMPLATE) {
          const ts = await sendReport(notification, channel, lang, params);
          return { ok: true, providerMessageId: ts };
        }
        const text = render(lang, notification.template, withAmounts(lang, params));
        return { ok: true, providerMessageId: await post(channel, text) };
      } catch (error) {
        if (error instanceof Permanent) return { ok: false, error: error.message, permanent: true };
        return slackDeliveryError(error);
      }
    },
  };
}
