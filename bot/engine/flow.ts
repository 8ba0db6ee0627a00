import type { AppContext } from '../../core/context';
import type { Tx } from '../../core/db';
import type { Button, ChannelName, Input, Language, Reply, Text } from '../../core/dialog';

/**
 * A flow is data: its state is `{ step, data }` (JSON), a step takes (state, input) and returns what
 * to say and where to go. Flows never touch a channel; they change nothing themselves and call
 * services (core/services) for that, inside the engine's transaction (`ctx.tx`).
 */
export interface ConversationInfo {
  id: string;
  channel: ChannelName;
  externalId: string;
  /** `${channel}:${externalId}`, e.g. for ActivationAttempt.conversationKey */
  key: string;
  personId: string | null;
}

export interface FlowContext {
  app: AppContext;
  /** the engine's interactive transaction: the conversation row is locked (FOR UPDATE) */
  tx: Tx;
  conversation: ConversationInfo;
  language: Language;
  /** ctx.clock.now() read once per turn */
  now: Date;
  /** links the conversation to a person (saved with the state, same transaction) */
  linkPerson(personId: string): void;
}

export interface FlowState<D = Record<string, unknown>> {
  step: string;
  data: D;
}

export type StepResult<D = Record<string, unknown>> =
  /** go to `step` (may be the same one); the engine says `say`, then the step's prompt */
  | { kind: 'goto'; step: string; data: D; say?: Reply[] }
  /** stay on the step (wrong input): say why, keep the data (or the given data) */
  | { kind: 'retry'; say: Reply[]; data?: D }
  /** the flow is over; the engine shows the main menu after `say` unless `menu` is false */
  | { kind: 'end'; say: Reply[]; menu?: boolean };

export interface Flow<D = Record<string, unknown>> {
  name: string;
  /** bump when the shape of `data` or the step names change; older saved states are dropped */
  version: number;
  begin(ctx: FlowContext): Promise<StepResult<D>> | StepResult<D>;
  /** the question of a step (also re-asked after /language, /help, "back") */
  prompt(ctx: FlowContext, state: FlowState<D>): Promise<Reply[]> | Reply[];
  handle(ctx: FlowContext, state: FlowState<D>, input: Input): Promise<StepResult<D>>;
  /** custom "back" (e.g. from an edit step back to the summary); undefined → previous step in the trail */
  back?(ctx: FlowContext, state: FlowState<D>): StepResult<D> | undefined;
  /**
   * Steps whose typed answer is personal data (IIN, activation code): the engine keeps
   * `mask(text)` in the message history instead of the text. Keep such values in `data` only
   * encrypted (`ctx.app.pii.encrypt`).
   */
  sensitive?: Readonly<Record<string, (text: string) => string>>;
  /** optional upgrade of a state saved by an older version; null → dropped with an apology */
  migrate?(state: { step: string; data: Record<string, unknown>; version: number }): FlowState<D> | null;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds flows of any data shape
export type AnyFlow = Flow<any>;

export function text(key: string, params?: Text['params']): Text {
  return params ? { key, params } : { key };
}

export function say(key: string, params?: Text['params'], buttons?: Button[][]): Reply {
  const reply: Reply = { type: 'text', text: text(key, params) };
  if (buttons && buttons.length > 0) reply.buttons = buttons;
  return reply;
}

export function button(key: string, data: string, params?: Text['params']): Button {
  return { text: text(key, params), data };
}

export function linkButton(key: string, url: string, params?: Text['params']): Button {
  return { text: text(key, params), url };
}

/** «••••••••0127»: all but the last `keep` non-space characters hidden (IIN, card-like numbers). */
export function maskTail(value: string, keep = 4): string {
  const compact = value.replace(/\s+/g, '');
  if (compact.length <= keep) return '•'.repeat(compact.length);
  return '•'.repeat(compact.length - keep) + compact.slice(-keep);
}

/** «••••••»: a secret (activation or SMS code) with nothing of it shown, not even its length. */
export function maskSecret(_value: string): string {
  return '••••••';
}
