import type { AppContext } from '../../core/context';
import { defaultCommands, defaultFlows } from '../flows';
import { createDialogEngine as createEngine, type DialogEngine, type DialogEngineDeps } from './engine';

export type * from '../../core/dialog';
export type {
  CommandHandler,
  DialogEngine,
  DialogEngineDeps,
  HandleResult,
  MisunderstoodInfo,
  TurnInfo,
  TurnTakeover,
} from './engine';
export { NAV } from './engine';
export type { AnyFlow, ConversationInfo, Flow, FlowContext, FlowState, StepResult } from './flow';
export { button, linkButton, maskSecret, maskTail, say, text } from './flow';

/** The engine with the product's flows and commands unless others are given (tests pass their own). */
export function createDialogEngine(ctx: AppContext, deps: DialogEngineDeps): DialogEngine {
  return createEngine(ctx, {
    ...deps,
    flows: deps.flows ?? defaultFlows,
    commands: { ...defaultCommands, ...(deps.commands ?? {}) },
  });
}
