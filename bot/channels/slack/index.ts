import type { FastifyPluginAsync } from 'fastify';
import { ConfigError } from '../../../core/config';
import type { AppContext } from '../../../core/context';
import type { I18n } from '../../../core/i18n';
import { slackMode } from '../../../core/integrations/slack';
import { createSlackApp, type SlackApp, type SlackAppOptions } from './app';

export { createSlackApp, refusalText, type SlackApp } from './app';
export { debtorsBlocks, employeeBlocks, esc, homeView, summaryBlocks } from './blocks';
export { FastifySlackReceiver, SLACK_PATHS } from './receiver';

export interface SlackChannel {
  mode: 'off' | 'http' | 'socket';
  slack: SlackApp | null;
  /** routes POST /slack/events, /slack/commands, /slack/interactions (HTTP mode); starts Socket Mode on ready */
  plugin: FastifyPluginAsync;
}

/**
 * The Slack channel of the bot process: off without SLACK_BOT_TOKEN; HTTP (signed requests to this
 * server) or Socket Mode (SLACK_SOCKET_MODE=1 + SLACK_APP_TOKEN). docs/slack.md.
 */
export function createSlackChannel(ctx: AppContext, i18n: I18n, options: SlackAppOptions = {}): SlackChannel {
  const mode = slackMode(ctx.config);
  // the workers need only the bot token; the bot's HTTP routes cannot verify requests without the secret
  if (mode === 'http' && !ctx.config.SLACK_SIGNING_SECRET)
    throw new ConfigError([
      'SLACK_SIGNING_SECRET: required for Slack over HTTP (Slack app → Basic Information → Signing Secret), or set SLACK_SOCKET_MODE=1',
    ]);
  const slack = mode === 'off' ? null : createSlackApp(ctx, i18n, options);
  const plugin: FastifyPluginAsync = async (app) => {
    if (!slack) return;
    if (slack.receiver) await app.register(slack.receiver.plugin);
    app.addHook('onReady', async () => {
      await slack.start();
      ctx.logger.info({ mode: slack.mode, command: ctx.config.SLACK_COMMAND }, 'Slack for HR is on');
    });
    app.addHook('onClose', async () => {
      await slack.stop();
    });
  };
  return { mode: slack ? slack.mode : 'off', slack, plugin };
}
