import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../core/context';
import type { Tx } from '../../core/db';
import type { Button, ConversationRef, DialogState, Input, Language, Reply } from '../../core/dialog';
import type { Prisma } from '../../core/generated/prisma/client';
import { type I18n, pickLanguage } from '../../core/i18n';
import type { AnyFlow, ConversationInfo, FlowContext, FlowState, StepResult } from './flow';
import { button, say } from './flow';

/**
 * The one dialog core. Every channel calls `handle(ref, input)`; the engine
 *  1. opens an interactive transaction, creates the Conversation row if needed and locks it
 *     (SELECT … FOR UPDATE): two updates of one conversation never interleave, in one process or
 *     many, and the state is saved in the same transaction as the step's effects (activation,
 *     attempts, outbox rows) — a crash or error rolls both back;
 *  2. saves the inbound message, runs global commands or the current flow's step;
 *  3. saves the new state and the outbound messages, commits, returns the replies.
 *
 * Why a row lock and not a Redis lock: the lock is released exactly at commit/rollback, needs no
 * expiry tuning or fencing tokens, and makes "state + effects" atomic. Steps do no network I/O
 * (external work goes through the outbox), so the lock is held for milliseconds.
 */

export const NAV = {
  back: 'back',
  cancel: 'cmd:cancel',
  cancelYes: 'cancel:yes',
  cancelNo: 'cancel:no',
  menu: 'cmd:menu',
} as const;

/** A global command (e.g. /status) implemented outside the engine. */
export type CommandHandler = (ctx: FlowContext, args?: string) => Promise<Reply[]>;

export interface MisunderstoodInfo {
  conversationId: string;
  /** consecutive misunderstandings including this one */
  count: number;
  input: Input;
  tx: Tx;
  /** the turn's time (ctx.clock) */
  now: Date;
}

/** What a `beforeTurn` hook sees: the locked conversation and the input, before the bot answers. */
export interface TurnInfo {
  conversation: ConversationInfo;
  /** an operator has (or is about to have) the conversation: the bot must not answer */
  handedOff: boolean;
  /** a flow is running (its state is kept unless the hook ends it) */
  inFlow: boolean;
  /** the input as received (what the history keeps) */
  input: Input;
  /** the input after command and button-label recognition */
  normalized: Input;
  language: Language;
  tx: Tx;
  now: Date;
}

/** A hook's answer instead of the bot's: flows and commands do not run this turn. */
export interface TurnTakeover {
  replies: Reply[];
  /** drop the running flow */
  endFlow?: boolean;
  /** the main menu after the replies */
  menu?: boolean;
  /** switch the conversation's language */
  language?: Language;
}

/**
 * What `answer` makes of an input: understood (say `replies`, reset the misunderstanding count, show
 * the main menu unless `menu` is false), or not (the "didn't understand" path runs — the hand-off
 * hook `onMisunderstood` first — and `replies`, if given, replace the default «не понял»).
 */
export type Answer =
  | { understood: true; replies: Reply[]; menu?: boolean }
  | { understood: false; replies?: Reply[] };

/** Answers an input outside a flow that is no command and no `flow:` button (free text, a location, a file…). */
export type AnswerHandler = (ctx: FlowContext, input: Input) => Promise<Answer | undefined>;

export interface DialogEngineDeps {
  i18n: I18n;
  /**
   * Operator hand-off (bot/support): runs first in every turn, under the row lock. Returning a
   * takeover answers the input instead of the bot — always while `handedOff`, so flows never run
   * then; undefined lets the bot answer as usual.
   */
  beforeTurn?: (info: TurnInfo) => Promise<TurnTakeover | undefined>;
  flows?: AnyFlow[];
  commands?: Record<string, CommandHandler>;
  /**
   * Hook for operator hand-off: called on every input the bot did not understand outside a flow.
   * Return replies to use instead of the default "didn't understand" + menu.
   */
  onMisunderstood?: (info: MisunderstoodInfo) => Promise<Reply[] | undefined>;
  /**
   * Tried outside a flow before "didn't understand": free text (the FAQ), a shared location, a file,
   * a contact, an unknown button (bot/flows/selfservice.ts).
   */
  answer?: AnswerHandler;
  /** extra rows of the main menu after «activate» (the product adds DMS registration/franchise) */
  menuRows?: Button[][];
  /** lock wait + step time limit of one turn (ms); default 15 000 */
  turnTimeoutMs?: number;
}

export interface HandleResult {
  replies: Reply[];
  language: Language;
  conversationId: string;
}

export interface OpenOptions {
  language?: Language;
}

export interface DialogEngine {
  handle(ref: ConversationRef, input: Input): Promise<HandleResult>;
  /** Creates (or finds) the conversation without saying anything; sets the language if given. */
  open(ref: ConversationRef, options?: OpenOptions): Promise<{ conversationId: string; language: Language }>;
  flows: ReadonlyMap<string, AnyFlow>;
}

type ConversationRow = {
  id: string;
  personId: string | null;
  language: Language | null;
  state: unknown;
  misunderstood: number;
  handedOff: boolean;
};

/** Words that mean "back" in any language, besides the button labels. */
const BACK_WORDS = new Set(['back', 'назад', 'артқа', 'кері']);

function normalizeWord(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** What the history keeps of a reply: personal data listed in `text.masked` replaces its params. */
function forHistory(reply: Reply): Reply {
  if (reply.type !== 'text' || !reply.text.masked) return reply;
  const { masked, ...text } = reply.text;
  return { ...reply, text: { ...text, params: { ...text.params, ...masked } } };
}

function isDialogState(value: unknown): value is DialogState {
  if (!value || typeof value !== 'object') return false;
  const state = value as Record<string, unknown>;
  return (
    typeof state.flow === 'string' &&
    typeof state.step === 'string' &&
    typeof state.version === 'number' &&
    typeof state.data === 'object' &&
    state.data !== null
  );
}

export function createDialogEngine(ctx: AppContext, deps: DialogEngineDeps): DialogEngine {
  const flows = new Map<string, AnyFlow>();
  for (const flow of deps.flows ?? []) flows.set(flow.name, flow);
  const commands = deps.commands ?? {};
  const { i18n } = deps;
  const timeout = deps.turnTimeoutMs ?? 15_000;

  async function lockConversation(tx: Tx, ref: ConversationRef, now: Date): Promise<ConversationRow> {
    // one statement: creates the conversation or, when it exists, takes its row lock (the no-op
    // update) until the turn commits, so one conversation's turns run one after another
    const rows = await tx.$queryRaw<ConversationRow[]>`
      INSERT INTO "Conversation" (id, channel, "externalId", "updatedAt")
      VALUES (${randomUUID()}::uuid, ${ref.channel}::"Channel", ${ref.externalId}, ${now})
      ON CONFLICT (channel, "externalId") DO UPDATE SET "updatedAt" = "Conversation"."updatedAt"
      RETURNING id, "personId", language::text AS language, state, misunderstood, "handedOff"`;
    const row = rows[0];
    if (!row) throw new Error('conversation row vanished');
    return row;
  }

  /** Messages get strictly increasing timestamps per conversation, so history order is exact. */
  async function lastMessageAt(tx: Tx, conversationId: string): Promise<number> {
    const last = await tx.message.findFirst({
      where: { conversationId },
      orderBy: { createdAt: 'desc' },
      select: { createdAt: true },
    });
    return last?.createdAt.getTime() ?? 0;
  }

  function mainMenu(): Reply {
    return say('menu-title', undefined, [
      [button('menu-activate', 'flow:activation')],
      ...(deps.menuRows ?? []),
      [button('menu-status', 'cmd:status')],
      [button('menu-help', 'cmd:help'), button('menu-language', 'cmd:language')],
    ]);
  }

  function languageChoice(key: string): Reply {
    return say(key, undefined, [[button('lang-button-ru', 'lang:ru'), button('lang-button-kk', 'lang:kk')]]);
  }

  /** The labels of the buttons of the last replies, to map typed labels (Telegram keyboards) to data. */
  function buttonForText(lang: Language, textInput: string, offered: Button[]): string | undefined {
    const word = normalizeWord(textInput);
    if (!word) return undefined;
    for (const candidate of offered) {
      if (!('data' in candidate)) continue;
      for (const l of [lang, lang === 'ru' ? 'kk' : 'ru'] as Language[]) {
        if (normalizeWord(i18n.t(l, candidate.text.key, candidate.text.params)) === word)
          return candidate.data;
      }
    }
    return undefined;
  }

  async function handleInTx(tx: Tx, ref: ConversationRef, input: Input, now: Date) {
    const row = await lockConversation(tx, ref, now);
    const firstContact = row.language === null;
    let language: Language = row.language ?? pickLanguage(ref.languageHint);
    let personId = row.personId;
    let misunderstood = row.misunderstood;
    const saved = (row.state ?? {}) as { dialog?: unknown; buttons?: Button[] };
    let dialog: DialogState | null = null;
    const replies: Reply[] = [];
    let outdated = false;

    if (saved.dialog !== undefined && saved.dialog !== null) {
      if (isDialogState(saved.dialog)) {
        const flow = flows.get(saved.dialog.flow);
        if (flow && flow.version === saved.dialog.version) {
          dialog = saved.dialog;
        } else if (flow?.migrate) {
          const migrated = flow.migrate(saved.dialog);
          if (migrated) dialog = { flow: flow.name, version: flow.version, ...migrated, trail: [] };
          else outdated = true;
        } else {
          outdated = true;
        }
      } else {
        outdated = true;
      }
    }

    const conversation: ConversationInfo = {
      id: row.id,
      channel: ref.channel,
      externalId: ref.externalId,
      key: `${ref.channel}:${ref.externalId}`,
      personId,
    };
    const flowCtx = (): FlowContext => ({
      app: ctx,
      tx,
      conversation: { ...conversation, personId },
      language,
      now,
      linkPerson(id) {
        personId = id;
      },
    });

    // --- normalise the input ---------------------------------------------------------------
    let normalized: Input = input;
    if (input.type === 'text') {
      const trimmed = input.text.trim();
      const command = /^\/([a-zA-Z_]+)(?:@\w+)?(?:\s+(.*))?$/s.exec(trimmed);
      if (command) {
        normalized = { type: 'command', command: command[1]!.toLowerCase(), args: command[2] };
      } else if (BACK_WORDS.has(normalizeWord(trimmed))) {
        normalized = { type: 'button', data: NAV.back };
      } else {
        const offered = (saved.buttons ?? []).concat(
          dialog ? [button('button-back', NAV.back), button('button-cancel', NAV.cancel)] : [],
        );
        const data = buttonForText(language, trimmed, offered);
        if (data) normalized = { type: 'button', data };
      }
    }
    if (normalized.type === 'button' && normalized.data.startsWith('cmd:')) {
      normalized = { type: 'command', command: normalized.data.slice(4) };
    }

    if (outdated) {
      replies.push(say('flow-outdated'));
      dialog = null;
    }

    // --- hand-off: while an operator has the conversation, the hook answers and no flow runs --
    const takeover = deps.beforeTurn
      ? await deps.beforeTurn({
          conversation: { ...conversation, personId },
          handedOff: row.handedOff,
          inFlow: dialog !== null,
          input,
          normalized,
          language,
          tx,
          now,
        })
      : undefined;
    /** what the history keeps of the input (masked when a flow step declares it sensitive) */
    let storedInput: Input = input;

    // --- flow helpers -----------------------------------------------------------------------
    const withNav = (list: Reply[], state: DialogState): Reply[] => {
      const nav: Button[] = [];
      const custom = flows.get(state.flow)?.back?.(flowCtx(), { step: state.step, data: state.data });
      if ((state.trail?.length ?? 0) > 0 || custom) nav.push(button('button-back', NAV.back));
      nav.push(button('button-cancel', NAV.cancel));
      const last = list.at(-1);
      if (last?.type !== 'text') return [...list, say('flow-nav-hint', undefined, [nav])];
      const withButtons: Reply = { ...last, buttons: [...(last.buttons ?? []), nav] };
      return [...list.slice(0, -1), withButtons];
    };

    const promptOf = async (state: DialogState): Promise<Reply[]> => {
      const flow = flows.get(state.flow)!;
      const asked = await flow.prompt(flowCtx(), { step: state.step, data: state.data });
      return withNav(asked, state);
    };

    const apply = async (flow: AnyFlow, result: StepResult, current: DialogState | null): Promise<void> => {
      if (result.kind === 'end') {
        dialog = null;
        replies.push(...result.say);
        if (result.menu !== false) replies.push(mainMenu());
        return;
      }
      if (result.kind === 'retry') {
        if (!current) throw new Error(`flow ${flow.name} retried before it started`);
        dialog = { ...current, data: result.data ?? current.data, pendingCancel: false };
        replies.push(...(result.say.length > 0 ? withNav(result.say, dialog) : await promptOf(dialog)));
        return;
      }
      let trail = current ? [...(current.trail ?? [])] : [];
      if (current && current.step !== result.step) {
        const seen = trail.indexOf(result.step);
        if (seen >= 0) trail = trail.slice(0, seen);
        else trail.push(current.step);
      }
      dialog = { flow: flow.name, version: flow.version, step: result.step, data: result.data, trail };
      replies.push(...(result.say ?? []));
      replies.push(...(await promptOf(dialog)));
    };

    const startFlow = async (name: string) => {
      const flow = flows.get(name);
      if (!flow) {
        replies.push(say('not-understood'), mainMenu());
        return;
      }
      misunderstood = 0;
      await apply(flow, await flow.begin(flowCtx()), null);
    };

    const reprompt = async () => {
      if (dialog) replies.push(...(await promptOf(dialog)));
      else replies.push(mainMenu());
    };

    // --- global commands --------------------------------------------------------------------
    const runCommand = async (command: string, args?: string) => {
      switch (command) {
        case 'start':
          dialog = null;
          misunderstood = 0;
          if (firstContact) {
            replies.push(say('greeting'), languageChoice('language-choose'));
          } else {
            replies.push(say('greeting'), mainMenu());
          }
          return;
        case 'menu':
          if (dialog) {
            dialog = { ...dialog, pendingCancel: true };
            replies.push(cancelQuestion());
          } else {
            replies.push(mainMenu());
          }
          return;
        case 'language':
          replies.push(languageChoice('language-choose'));
          return;
        case 'help':
          replies.push(say('help'));
          await reprompt();
          return;
        case 'cancel':
          if (!dialog) {
            replies.push(say('cancel-nothing'), mainMenu());
            return;
          }
          dialog = { ...dialog, pendingCancel: true };
          replies.push(cancelQuestion());
          return;
        case 'activate':
          await startFlow('activation');
          return;
        default: {
          const handler = commands[command];
          if (handler) {
            replies.push(...(await handler(flowCtx(), args)));
            if (dialog) replies.push(...(await promptOf(dialog)));
            else replies.push(mainMenu());
            return;
          }
          // a flow's name is a command too: /registration, /franchise
          if (flows.has(command)) {
            await startFlow(command);
            return;
          }
          await notUnderstood();
        }
      }
    };

    const cancelQuestion = (): Reply =>
      say('cancel-confirm', undefined, [
        [button('cancel-yes', NAV.cancelYes), button('cancel-no', NAV.cancelNo)],
      ]);

    const notUnderstood = async (instead?: Reply[]) => {
      misunderstood += 1;
      const hooked = deps.onMisunderstood
        ? await deps.onMisunderstood({
            conversationId: row.id,
            count: misunderstood,
            input: normalized,
            tx,
            now,
          })
        : undefined;
      if (hooked) replies.push(...hooked);
      else replies.push(...(instead?.length ? instead : [say('not-understood')]), mainMenu());
    };

    /** Outside a flow: the `answer` hook (FAQ, a shared location, a file), else "didn't understand". */
    const answerOrNotUnderstood = async () => {
      const answered = deps.answer ? await deps.answer(flowCtx(), normalized) : undefined;
      if (answered?.understood) {
        misunderstood = 0;
        replies.push(...answered.replies);
        if (answered.menu !== false) replies.push(mainMenu());
        return;
      }
      await notUnderstood(answered?.replies);
    };

    // --- dispatch ---------------------------------------------------------------------------
    const current = dialog as DialogState | null;
    if (takeover) {
      misunderstood = 0;
      if (takeover.endFlow) dialog = null;
      if (takeover.language) language = takeover.language;
      replies.push(...takeover.replies);
      if (takeover.menu) replies.push(mainMenu());
    } else if (normalized.type === 'button' && /^lang:(ru|kk)$/.test(normalized.data)) {
      language = normalized.data.slice(5) as Language;
      replies.push(say('language-changed'));
      await reprompt();
    } else if (normalized.type === 'command') {
      if (current?.pendingCancel && normalized.command !== 'cancel')
        dialog = { ...current, pendingCancel: false };
      await runCommand(normalized.command, normalized.args);
    } else if (current?.pendingCancel && normalized.type === 'button' && normalized.data === NAV.cancelYes) {
      dialog = null;
      replies.push(say('cancelled'), mainMenu());
    } else if (current?.pendingCancel && normalized.type === 'button' && normalized.data === NAV.cancelNo) {
      dialog = { ...current, pendingCancel: false };
      await reprompt();
    } else if (normalized.type === 'button' && normalized.data.startsWith('flow:')) {
      // a menu button, also one of an older message pressed in the middle of another dialog: the
      // user chose that flow, so it starts (afresh) and the current one is left
      dialog = null;
      await startFlow(normalized.data.slice(5));
    } else if (current) {
      const state: DialogState = { ...current, pendingCancel: false };
      dialog = state;
      const flow = flows.get(state.flow)!;
      const flowState: FlowState = { step: state.step, data: state.data };
      if (normalized.type === 'button' && normalized.data === NAV.back) {
        const custom = flow.back?.(flowCtx(), flowState);
        if (custom) {
          await apply(flow, custom, state);
        } else {
          const trail = [...(state.trail ?? [])];
          const previous = trail.pop();
          if (previous === undefined) {
            dialog = null;
            replies.push(say('cancelled'), mainMenu());
          } else {
            dialog = { ...state, step: previous, trail };
            replies.push(...(await promptOf(dialog)));
          }
        }
      } else {
        const mask = normalized.type === 'text' ? flow.sensitive?.[state.step] : undefined;
        if (mask && normalized.type === 'text') storedInput = { type: 'text', text: mask(normalized.text) };
        await apply(flow, await flow.handle(flowCtx(), flowState, normalized), state);
      }
    } else if (firstContact && !outdated) {
      // the very first message of a conversation is a greeting, whatever it says
      replies.push(say('greeting'), languageChoice('language-choose'));
    } else if (!outdated) {
      await answerOrNotUnderstood();
    } else {
      replies.push(mainMenu());
    }

    // --- save ---------------------------------------------------------------------------------
    const finalDialog = dialog as DialogState | null;
    const offered = replies.flatMap((reply) => (reply.type === 'text' ? (reply.buttons ?? []).flat() : []));
    const newState = { dialog: finalDialog, buttons: offered };
    const fullFlow = finalDialog ? flows.get(finalDialog.flow) : undefined;
    await tx.conversation.update({
      where: { id: row.id },
      data: {
        language,
        personId,
        misunderstood,
        state: newState as unknown as Prisma.InputJsonValue,
        stateVersion: fullFlow?.version ?? 0,
        updatedAt: now,
      },
    });
    if (personId && language !== row.language) {
      await tx.person.update({ where: { id: personId }, data: { language } });
    }
    // the input, then the replies, 1 ms apart after the conversation's last message
    const at = Math.max(now.getTime(), (await lastMessageAt(tx, row.id)) + 1);
    await tx.message.createMany({
      data: [
        {
          conversationId: row.id,
          direction: 'in' as const,
          payload: storedInput as unknown as Prisma.InputJsonValue,
          createdAt: new Date(at),
        },
        ...replies.map((reply, index) => ({
          conversationId: row.id,
          direction: 'out' as const,
          payload: { reply: forHistory(reply), language } as unknown as Prisma.InputJsonValue,
          createdAt: new Date(at + 1 + index),
        })),
      ],
    });
    return { replies, language, conversationId: row.id };
  }

  return {
    flows,
    async handle(ref, input) {
      const now = ctx.clock.now();
      try {
        return await ctx.db.prisma.$transaction((tx) => handleInTx(tx, ref, input, now), {
          timeout,
          maxWait: timeout,
        });
      } catch (error) {
        ctx.logger.error(
          { err: error, channel: ref.channel, inputType: input.type },
          'dialog turn failed; nothing was saved',
        );
        const known = await ctx.db.prisma.conversation
          .findUnique({
            where: { channel_externalId: { channel: ref.channel, externalId: ref.externalId } },
            select: { id: true, language: true },
          })
          .catch(() => null);
        const language = known?.language ?? pickLanguage(ref.languageHint);
        return { replies: [say('error-internal')], language, conversationId: known?.id ?? '' };
      }
    },
    async open(ref, options = {}) {
      const now = ctx.clock.now();
      return ctx.db.prisma.$transaction(async (tx) => {
        const row = await lockConversation(tx, ref, now);
        const language = options.language ?? row.language ?? pickLanguage(ref.languageHint);
        if (options.language && options.language !== row.language) {
          await tx.conversation.update({ where: { id: row.id }, data: { language, updatedAt: now } });
        }
        return { conversationId: row.id, language };
      });
    },
  };
}
