import type { AppContext } from '../core/context';
import type { I18n } from '../core/i18n';
import { createMailer } from '../core/integrations/mailer';
import { slackWebClient } from '../core/integrations/slack';
import { createSmsProvider } from '../core/integrations/sms';
import { createCallSender } from '../core/notify/call-sender';
import { createEmailSender } from '../core/notify/email-sender';
import { createSlackSender } from '../core/notify/slack-sender';
import { createSmsSender } from '../core/notify/sms-sender';
import { createTelegramSender, telegramApi } from '../core/notify/telegram-sender';
import type { NotificationSender } from '../core/notify/types';
import { createWebchatSender } from '../core/notify/webchat-sender';
import type { WorkerDeps } from '.';
import { createHrReportWorker } from './hr-report';
import { createTelemedDeps, createTelemedWorker } from './telemed';

/** Senders for every channel this deployment has, and the feature workers with their clients. */
export function composeWorkers(ctx: AppContext, i18n: I18n): WorkerDeps {
  const senders: NotificationSender[] = [
    createWebchatSender(ctx),
    createEmailSender({ mailer: createMailer(ctx.config, ctx.logger), i18n, pii: ctx.pii }),
    createSmsSender({ provider: createSmsProvider(ctx.config, ctx.logger), i18n, pii: ctx.pii }),
    // reminder calls become operator tasks (issue 7)
    createCallSender({ db: ctx.db }),
  ];
  const api = telegramApi(ctx.config);
  if (api) senders.push(createTelegramSender({ api, i18n, db: ctx.db }));
  const extra = [createTelemedWorker(ctx, createTelemedDeps(ctx, i18n))];
  // Slack for HR (docs/slack.md): notices to linked channels and the monthly debt report
  const slack = slackWebClient(ctx.config, ctx.logger);
  if (slack) {
    senders.push(createSlackSender({ client: slack, i18n, db: ctx.db, clock: ctx.clock }));
    extra.push(createHrReportWorker(ctx));
  }
  return { senders, extra };
}
