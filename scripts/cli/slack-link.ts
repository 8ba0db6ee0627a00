import { parseArgs } from 'node:util';
import { isLanguage } from '../../core/i18n';
import { linkSlackChannel } from '../../core/services/hr';
import { type CliCommand, UsageError } from './types';

const TEAM = /^[TE][A-Z0-9]{2,}$/;
const CHANNEL = /^[CG][A-Z0-9]{2,}$/;
const USER = /^[UW][A-Z0-9]{2,}$/;

/**
 * `slack link <employer-code> <team-id> <channel-id> [--users U1,U2] [--language ru|kk]`: the HR
 * channel of an employer in Slack (docs/slack.md). Without --users everyone in the channel may ask;
 * with it only those users (and only they see the Home tab). Re-running updates the link.
 */
export const slackLink: CliCommand = {
  name: 'slack link',
  summary: "let a Slack channel (HR) see an employer's franchise status, debts and reports",
  usage: '<employer-code> <team-id> <channel-id> [--users U1,U2] [--language ru|kk]',
  async run(args, context) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: { users: { type: 'string' }, language: { type: 'string' } },
    });
    const [employerCode, teamId, channelId, ...extra] = positionals;
    if (!employerCode || !teamId || !channelId || extra.length > 0)
      throw new UsageError('an employer code, a Slack team id and a channel id are expected');
    if (!TEAM.test(teamId)) throw new UsageError(`"${teamId}" is not a Slack team id (T0123ABCD)`);
    if (!CHANNEL.test(channelId))
      throw new UsageError(`"${channelId}" is not a Slack channel id (C0123ABCD)`);
    let userIds: string[] | undefined;
    if (values.users !== undefined) {
      userIds = [
        ...new Set(
          values.users
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        ),
      ];
      const bad = userIds.filter((id) => !USER.test(id));
      if (bad.length > 0) throw new UsageError(`not Slack user ids (U0123ABCD): ${bad.join(', ')}`);
    }
    if (values.language !== undefined && !isLanguage(values.language))
      throw new UsageError('--language is ru or kk');
    const language =
      values.language !== undefined && isLanguage(values.language) ? values.language : undefined;

    const { prisma } = await context.database();
    const result = await linkSlackChannel(prisma, {
      employerCode,
      teamId,
      channelId,
      ...(userIds !== undefined ? { userIds } : {}),
      ...(language ? { language } : {}),
      actor: 'cli',
    });
    if (!result.ok) {
      context.print(
        result.error === 'unknown_employer'
          ? `unknown employer "${employerCode}"`
          : `${teamId}/${channelId} is already linked to employer "${result.employerCode}"; one channel shows one employer`,
      );
      return 1;
    }
    const { link } = result;
    context.print(
      `${result.created ? 'Linked' : 'Updated'}: ${link.teamId}/${link.channelId} → ${link.employerName} (${link.employerCode}), ` +
        `language ${link.language}, ${link.userIds.length > 0 ? `users ${link.userIds.join(', ')}` : 'everyone in the channel'}.`,
    );
    return 0;
  },
};
