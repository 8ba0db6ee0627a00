import type { Button, Reply } from '../../core/dialog';
import { answerKeyOf, type Faq, productFaq } from '../../core/faq/knowledge';
import type { Answer, CommandHandler } from '../engine/engine';
import { button, type FlowContext, linkButton, say } from '../engine/flow';

/**
 * Frequently asked questions (config/faq.json + answers `faq-<id>` in locales/parts/selfservice.*.ftl):
 * free text outside a flow is matched by core/faq (no external service); a match is answered with
 * its buttons, no match offers an operator. `/faq` lists the topics as buttons (`faq:<id>`).
 */

/** Button data of «talk to an operator»: the support hand-off takes `/operator` (bot/flows/support.ts). */
export const OPERATOR_BUTTON_DATA = 'cmd:operator';
export const FAQ_TOPIC_PREFIX = 'faq:';

function entryButtons(entry: Faq['file']['entries'][number]): Button[][] {
  const actions: Button[] = [];
  const links: Button[][] = [];
  for (const b of entry.buttons) {
    if ('url' in b) links.push([linkButton(b.key, b.url)]);
    else actions.push(button(b.key, b.data));
  }
  return [...(actions.length > 0 ? [actions] : []), ...links];
}

/** The answer of entry `id` with its buttons and «Другие вопросы» / «Меню». */
export function faqAnswer(ctx: FlowContext, id: string, faq: Faq = productFaq()): Reply[] {
  const entry = faq.entry(id);
  if (!entry) return [];
  return [
    say(answerKeyOf(id), { maxMb: ctx.app.config.DOCUMENTS_MAX_MB }, [
      ...entryButtons(entry),
      [button('faq-button-more', 'cmd:faq'), button('faq-button-menu', 'cmd:menu')],
    ]),
  ];
}

export function operatorOffer(): Reply {
  return say('faq-no-match', undefined, [[button('faq-button-operator', OPERATOR_BUTTON_DATA)]]);
}

/** Free text: the best FAQ entry, or «no answer, an operator?» (the engine counts a misunderstanding). */
export function answerQuestion(ctx: FlowContext, question: string, faq: Faq = productFaq()): Answer {
  const found = faq.match(question);
  if (!found) return { understood: false, replies: [operatorOffer()] };
  return { understood: true, replies: faqAnswer(ctx, found.id, faq), menu: false };
}

/** A topic button `faq:<id>` (from /faq). */
export function answerTopic(ctx: FlowContext, data: string, faq: Faq = productFaq()): Answer | undefined {
  if (!data.startsWith(FAQ_TOPIC_PREFIX)) return undefined;
  const replies = faqAnswer(ctx, data.slice(FAQ_TOPIC_PREFIX.length), faq);
  return replies.length > 0 ? { understood: true, replies, menu: false } : undefined;
}

/** /faq: «ask in your own words» and the topics, two per row. */
export const faqCommand: CommandHandler = async () => {
  const topics = productFaq().file.entries.map((entry) =>
    button(`faq-title-${entry.id}`, `${FAQ_TOPIC_PREFIX}${entry.id}`),
  );
  const rows: Button[][] = [];
  for (let i = 0; i < topics.length; i += 2) rows.push(topics.slice(i, i + 2));
  return [say('faq-intro', undefined, rows)];
};
