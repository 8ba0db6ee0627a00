import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../core/context';
import { createI18n, type I18n } from '../core/i18n';
import { registerDevMail } from '../core/integrations/mailer';
import { registerDevSms } from '../core/integrations/sms';
import { importsPage } from './admin/imports';
import { notificationsBackoffice } from './admin/notifications';
import { queuesDashboard } from './admin/queues-dashboard';
import { backofficeInvoicesRoutes } from './backoffice/invoices';
import { createSlackChannel } from './channels/slack';
import { createTelegramBot, type TelegramChannel } from './channels/telegram';
import { telegramDocuments } from './channels/telegram/documents';
import { webchatRoutes } from './channels/webchat';
import { operatorConsole } from './channels/webchat/operator';
import { createDialogEngine, type DialogEngine } from './engine';
import { defaultAnswer, defaultCommands, defaultFlows, defaultMenuRows } from './flows';
import { supportHooks } from './flows/support';
import { paymentRoutes } from './payments/routes';

export interface BotComponents {
  i18n: I18n;
  engine: DialogEngine;
  telegram: TelegramChannel;
  /** every HTTP route of the bot process, for buildServer */
  plugins: FastifyPluginAsync[];
}

/** The bot process's parts: one dialog engine, every channel on it, and their HTTP routes. */
export function composeBot(ctx: AppContext, options: { adminToken?: string | undefined }): BotComponents {
  const i18n = createI18n({ logger: ctx.logger });
  // operator hand-off (docs/support.md): the engine asks it first on every turn
  const support = supportHooks(i18n);
  const engine = createDialogEngine(ctx, {
    i18n,
    flows: defaultFlows,
    commands: defaultCommands,
    menuRows: [...defaultMenuRows, support.menuRow],
    beforeTurn: support.beforeTurn,
    onMisunderstood: support.onMisunderstood,
    answer: defaultAnswer,
  });
  // photos and files are downloaded into the document store before their dialog turn
  const telegram = createTelegramBot(ctx, telegramDocuments(engine, ctx), i18n);
  const plugins: FastifyPluginAsync[] = [
    webchatRoutes(ctx, engine, i18n),
    operatorConsole(ctx, i18n),
    telegram.webhookPlugin,
    paymentRoutes(ctx, { i18n }),
    async (app) => {
      await registerDevMail(app, ctx.config);
      await registerDevSms(app, ctx.config);
    },
  ];
  // Slack for HR (docs/slack.md): off without SLACK_BOT_TOKEN
  plugins.push(createSlackChannel(ctx, i18n).plugin);
  if (options.adminToken) {
    plugins.push(queuesDashboard(ctx.queues, options.adminToken));
    plugins.push(backofficeInvoicesRoutes(ctx, options.adminToken));
    plugins.push(importsPage(ctx, i18n, options.adminToken));
    plugins.push(notificationsBackoffice(ctx, options.adminToken));
  }
  return { i18n, engine, telegram, plugins };
}
