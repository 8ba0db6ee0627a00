/**
 * The Slack app for HR staff (issue 8): Bolt in HTTP mode inside the product's Fastify server
 * (FastifySlackReceiver) or in Socket Mode (SLACK_SOCKET_MODE=1), one slash command (`/franchise`,
 * SLACK_COMMAND), the Home tab and its language buttons. Every request is scoped to the employer
 * of the linked team + channel (core/services/hr.ts); refusals are answered ephemerally and audited.
 */
import {
  App,
  type BlockAction,
  type ButtonAction,
  type RespondArguments,
  type RespondFn,
  type webApi,
} from '@slack/bolt';
import type { AppContext } from '../../../core/context';
import type { I18n, Language } from '../../../core/i18n';
import { isLanguage } from '../../../core/i18n';
import { localizedIssueLines } from '../../../core/import-report';
import {
  downloadSlackFile,
  SlackFileError,
  slackClientOptions,
  slackErrorCode,
  slackLogger,
  slackWebClient,
} from '../../../core/integrations/slack';
import {
  checkHrAccess,
  debtReport,
  employeeDetail,
  employerDebtors,
  employerSummary,
  type HrLink,
  type HrRefusalReason,
  type HrRequester,
  hrLinkById,
  hrLinksForUser,
  recordHrRefusal,
  setHrLinkLanguage,
  slackActor,
} from '../../../core/services/hr';
import { buildDebtReportXlsx, debtReportFileName } from '../../../core/services/hr-report';
import { importRoster, normalizeEmployeeNumber } from '../../../core/services/roster-import';
import { debtorsBlocks, employeeBlocks, esc, homeView, renderer, summaryBlocks, summaryText } from './blocks';
import { FastifySlackReceiver } from './receiver';

export interface SlackAppOptions {
  /** HTTP mode: Bolt's processBeforeResponse (answer only after the listener finished) */
  processBeforeResponse?: boolean;
}

export interface SlackApp {
  app: App;
  mode: 'http' | 'socket';
  /** HTTP mode only: the receiver whose Fastify plugin serves /slack/* */
  receiver: FastifySlackReceiver | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_ISSUE_LINES = 40;

/**
 * Socket Mode's own Web API client calls apps.connections.open with the app token, at start and
 * again each time Slack recycles the connection (`disconnect`, every few hours). It must retry
 * network errors and 5xx itself: after a failed reconnect @slack/socket-mode gives up with an
 * unhandled rejection (the process dies), and the product's `retries: 0` (slackClientOptions, for
 * the bot's own calls) would make one 503 do that. This is the library's own policy
 * (`{ retries: 100, factor: 1.3 }`) with the wait capped at a minute. API errors such as
 * invalid_auth are not retried: a wrong SLACK_APP_TOKEN still fails the start at once.
 */
const SOCKET_MODE_RETRY = { retries: 100, factor: 1.3, minTimeout: 1000, maxTimeout: 60_000 };

type Client = webApi.WebClient;
interface SlackFile {
  id?: string;
  name?: string;
  title?: string;
  filetype?: string;
  mimetype?: string;
  created?: number;
  url_private?: string;
  url_private_download?: string;
  channels?: string[];
  groups?: string[];
  ims?: string[];
  shares?: { public?: Record<string, unknown>; private?: Record<string, unknown> };
}

const isCsv = (file: SlackFile) =>
  file.filetype === 'csv' || file.mimetype === 'text/csv' || /\.csv$/i.test(file.name ?? '');

function fileInChannel(file: SlackFile, channelId: string): boolean {
  const ids = [
    ...(file.channels ?? []),
    ...(file.groups ?? []),
    ...(file.ims ?? []),
    ...Object.keys(file.shares?.public ?? {}),
    ...Object.keys(file.shares?.private ?? {}),
  ];
  return ids.includes(channelId);
}

/** A reply only the asking user sees (response_url of the command). */
const ephemeral = (message: { text: string; blocks?: webApi.KnownBlock[] }): RespondArguments =>
  ({ response_type: 'ephemeral', ...message }) as RespondArguments;

/** A request that cannot be answered from the employer's data: answered, audited. */
export function refusalText(
  i18n: I18n,
  reason: HrRefusalReason,
  link: HrLink | null,
  command: string,
): string {
  if (reason === 'user_not_allowed' && link)
    return i18n.t(link.language, 'hr-refused-user', { employer: link.employerName });
  if (reason === 'home_not_linked')
    return (['ru', 'kk'] as const).map((lang) => i18n.t(lang, 'hr-refused-home', { command })).join('\n');
  // the channel is not linked: its language is unknown, say it in both
  return (['ru', 'kk'] as const).map((lang) => i18n.t(lang, 'hr-refused-channel')).join('\n');
}

export function createSlackApp(ctx: AppContext, i18n: I18n, options: SlackAppOptions = {}): SlackApp | null {
  const { config, logger } = ctx;
  const botToken = config.SLACK_BOT_TOKEN;
  const identityClient = slackWebClient(config, logger);
  if (!botToken || !identityClient) return null;
  const command = config.SLACK_COMMAND;
  const db = ctx.db.prisma;

  // auth.test once (the bot's own user id, for Bolt's ignoreSelf), retried after a failure
  let identity: Promise<{ botUserId?: string; botId?: string }> | undefined;
  const authorize = async () => {
    identity ??= identityClient.auth.test().then(
      (answer) => ({
        ...(answer.user_id ? { botUserId: answer.user_id } : {}),
        ...(answer.bot_id ? { botId: answer.bot_id } : {}),
      }),
      (error: unknown) => {
        identity = undefined;
        throw error;
      },
    );
    return { botToken, ...(await identity) };
  };

  const socket = config.SLACK_SOCKET_MODE;
  const receiver =
    socket || !config.SLACK_SIGNING_SECRET
      ? null
      : new FastifySlackReceiver({
          signingSecret: config.SLACK_SIGNING_SECRET,
          clock: ctx.clock,
          logger,
          processBeforeResponse: options.processBeforeResponse ?? false,
        });
  if (!socket && !receiver) return null;
  const app = new App({
    authorize,
    clientOptions: slackClientOptions(config),
    logger: slackLogger(logger),
    convoStore: false,
    ...(socket
      ? {
          socketMode: true,
          appToken: config.SLACK_APP_TOKEN,
          // Bolt hands installerOptions.clientOptions (default: clientOptions) to SocketModeClient
          installerOptions: {
            clientOptions: { ...slackClientOptions(config), retryConfig: SOCKET_MODE_RETRY },
          },
        }
      : { receiver: receiver ?? undefined }),
  });

  async function refuse(
    who: HrRequester,
    reason: HrRefusalReason,
    link: HrLink | null,
    request: string,
    respond: RespondFn | undefined,
  ) {
    await recordHrRefusal(db, who, reason, { request, employerId: link?.employerId ?? null });
    logger.warn(
      { actor: slackActor(who.teamId, who.userId), channel: who.channelId, reason },
      'HR request refused',
    );
    await respond?.(ephemeral({ text: refusalText(i18n, reason, link, command) }));
  }

  async function handleCommand(
    text: string,
    who: HrRequester,
    respond: RespondFn,
    client: Client,
  ): Promise<void> {
    const request = `${command} ${text}`.trim();
    const access = await checkHrAccess(db, who);
    if (!access.ok) return refuse(who, access.reason, access.link, request, respond);
    const { link } = access;
    const words = text.trim().split(/\s+/).filter(Boolean);
    const sub = (words[0] ?? '').toLowerCase();
    const args = words.slice(1);
    let lang: Language = link.language;
    let r = renderer(i18n, lang, link.currency);
    const now = ctx.clock.now();

    switch (sub) {
      case '':
      case 'summary':
      case 'сводка': {
        const summary = await employerSummary(db, link.employerId, now);
        return void (await respond(
          ephemeral({ text: summaryText(r, summary), blocks: summaryBlocks(r, summary) }),
        ));
      }
      case 'debtors':
      case 'должники': {
        const summary = await employerSummary(db, link.employerId, now);
        const debtors = await employerDebtors(db, link.employerId, now);
        return void (await respond(
          ephemeral({
            text: r.t('hr-debtors-title', { employer: link.employerName }),
            blocks: debtorsBlocks(r, link.employerName, summary.asOf, debtors, command),
          }),
        ));
      }
      case 'employee':
      case 'сотрудник': {
        if (args.length === 0)
          return void (await respond(ephemeral({ text: r.t('hr-employee-usage', { command }) })));
        const number = normalizeEmployeeNumber(args.join(''));
        const detail = await employeeDetail(db, link.employerId, number, now);
        if (!detail) {
          await recordHrRefusal(db, who, 'employee_not_in_employer', {
            request,
            employerId: link.employerId,
            employeeNumber: number,
          });
          return void (await respond(
            ephemeral({
              text: r.t('hr-employee-not-found', { number: esc(number), employer: link.employerName }),
            }),
          ));
        }
        return void (await respond(
          ephemeral({
            text: r.t('hr-employee-title', { name: detail.fullName, number: detail.employeeNumber }),
            blocks: employeeBlocks(r, detail),
          }),
        ));
      }
      case 'report':
      case 'отчёт':
      case 'отчет':
        return uploadReport(link, who, respond, client);
      case 'roster':
        return importRosterFromChannel(link, who, args[0], respond, client);
      case 'language':
      case 'язык':
      case 'тіл': {
        const wanted = (args[0] ?? '').toLowerCase();
        if (!isLanguage(wanted))
          return void (await respond(ephemeral({ text: r.t('hr-language-usage', { command }) })));
        await setHrLinkLanguage(ctx.db.prisma, link.id, wanted, who);
        lang = wanted;
        r = renderer(i18n, lang, link.currency);
        return void (await respond(ephemeral({ text: r.t('hr-language-set') })));
      }
      case 'help':
      case 'помощь':
      case 'көмек':
        return void (await respond(
          ephemeral({ text: r.t('hr-help', { command, employer: link.employerName }) }),
        ));
      default:
        return void (await respond(
          ephemeral({
            text: `${r.t('hr-unknown', { text: esc(text.trim()) })}\n${r.t('hr-help', { command, employer: link.employerName })}`,
          }),
        ));
    }
  }

  async function uploadReport(link: HrLink, who: HrRequester, respond: RespondFn, client: Client) {
    const r = renderer(i18n, link.language, link.currency);
    const report = await debtReport(db, link.employerId, ctx.clock.now());
    const file = await buildDebtReportXlsx(report, i18n, link.language);
    const comment = r.t('hr-report-comment', { employer: report.employerName, date: report.asOf });
    try {
      await client.filesUploadV2({
        channel_id: link.channelId,
        file,
        filename: debtReportFileName(link.employerCode, report.asOf),
        title: comment,
        initial_comment: comment,
      });
    } catch (error) {
      const code = slackErrorCode(error);
      logger.warn({ err: error, channel: link.channelId }, 'HR report upload failed');
      const text =
        code === 'not_in_channel' || code === 'channel_not_found'
          ? r.t('hr-report-not-in-channel')
          : r.t('hr-report-failed', { error: code });
      return void (await respond(ephemeral({ text })));
    }
    await db.auditLog.create({
      data: {
        actor: slackActor(who.teamId, who.userId),
        action: 'hr.report',
        subject: link.employerId,
        details: {
          channelId: link.channelId,
          bills: report.summary.unpaidBills,
          debt: report.summary.debtTotal,
        },
      },
    });
    await respond(ephemeral({ text: r.t('hr-report-uploaded') }));
  }

  async function importRosterFromChannel(
    link: HrLink,
    who: HrRequester,
    fileId: string | undefined,
    respond: RespondFn,
    client: Client,
  ) {
    const r = renderer(i18n, link.language, link.currency);
    let file: SlackFile | undefined;
    if (fileId) {
      const answer = await client.files.info({ file: fileId }).catch(() => null);
      file = (answer?.file as SlackFile | undefined) ?? undefined;
      if (!file || !fileInChannel(file, link.channelId))
        return void (await respond(
          ephemeral({ text: r.t('hr-roster-file-not-here', { file: esc(fileId) }) }),
        ));
    } else {
      const answer = await client.files.list({ channel: link.channelId, count: 50 });
      file = ((answer.files ?? []) as SlackFile[])
        .filter(isCsv)
        .sort((a, b) => (b.created ?? 0) - (a.created ?? 0))[0];
    }
    const url = file?.url_private_download ?? file?.url_private;
    if (!file || !url)
      return void (await respond(ephemeral({ text: r.t('hr-roster-no-file', { command }) })));
    const name = file.name ?? file.title ?? file.id ?? 'roster.csv';
    let bytes: Buffer;
    try {
      bytes = await downloadSlackFile(config, url);
    } catch (error) {
      const message = error instanceof SlackFileError ? error.message : String((error as Error).message);
      return void (await respond(
        ephemeral({ text: r.t('hr-roster-download-failed', { file: esc(name), error: esc(message) }) }),
      ));
    }
    const report = await importRoster(db, link.employerCode, bytes, ctx.clock.now(), {
      zone: link.zone,
      actor: slackActor(who.teamId, who.userId),
    });
    if (report.ok) {
      return void (await respond(
        ephemeral({
          text: r.t('hr-roster-done', {
            employer: link.employerName,
            file: esc(name),
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
          }),
        }),
      ));
    }
    const lines = localizedIssueLines(report.issues, (key, params) => r.t(key, params));
    const shown = lines.slice(0, MAX_ISSUE_LINES);
    if (lines.length > shown.length) shown.push(`  … +${lines.length - shown.length}`);
    await respond(
      ephemeral({
        text: `${r.t('hr-roster-rejected', { file: esc(name), count: report.issues.length })}\n\`\`\`\n${esc(shown.join('\n'))}\n\`\`\``,
      }),
    );
  }

  async function publishHome(client: Client, teamId: string, userId: string, notice?: string) {
    const links = await hrLinksForUser(db, teamId, userId);
    if (links.length === 0) {
      await recordHrRefusal(db, { teamId, channelId: null, userId }, 'home_not_linked', {
        request: 'app_home_opened',
      });
    }
    const now = ctx.clock.now();
    const sections = [];
    for (const link of links)
      sections.push({ link, summary: await employerSummary(db, link.employerId, now) });
    await client.views.publish({ user_id: userId, view: homeView(i18n, sections, command, notice) });
  }

  app.command(command, async ({ command: body, ack, respond, client }) => {
    await ack();
    const who = { teamId: body.team_id, channelId: body.channel_id, userId: body.user_id };
    try {
      await handleCommand(body.text ?? '', who, respond, client);
    } catch (error) {
      logger.error({ err: error, actor: slackActor(who.teamId, who.userId) }, 'HR command failed');
      await respond(
        ephemeral({ text: ['ru', 'kk'].map((lang) => i18n.t(lang as Language, 'hr-error')).join('\n') }),
      );
    }
  });

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab && event.tab !== 'home') return;
    const teamId = String((body as { team_id?: string }).team_id ?? '');
    await publishHome(client, teamId, event.user);
  });

  app.action<BlockAction<ButtonAction>>(/^hr_language_(ru|kk)$/, async ({ ack, body, action, client }) => {
    await ack();
    const userId = body.user.id;
    const teamId = body.team?.id ?? (body.user as { team_id?: string }).team_id ?? '';
    const linkId = action.value ?? '';
    const lang = action.action_id.endsWith('kk') ? 'kk' : 'ru';
    const who = { teamId, channelId: null, userId };
    const link = /^[0-9a-f-]{36}$/.test(linkId) ? await hrLinkById(db, linkId) : null;
    if (!link || link.teamId !== teamId || !link.userIds.includes(userId)) {
      await recordHrRefusal(db, who, 'link_not_allowed', {
        request: `${action.action_id} ${linkId}`,
        employerId: link?.employerId ?? null,
      });
      return publishHome(client, teamId, userId, refusalText(i18n, 'home_not_linked', null, command));
    }
    await setHrLinkLanguage(ctx.db.prisma, link.id, lang, who);
    await publishHome(client, teamId, userId);
  });

  app.error(async (error) => {
    logger.error({ err: error }, 'Slack app error');
  });

  return {
    app,
    mode: socket ? 'socket' : 'http',
    receiver,
    start: async () => {
      if (socket) await app.start();
      // learn the bot's identity early so the first command is answered fast
      authorize().catch((error) => logger.warn({ err: error }, 'Slack auth.test failed (will retry)'));
    },
    stop: async () => {
      if (socket) await app.stop();
    },
  };
}
