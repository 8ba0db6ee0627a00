import type { CommandHandler } from '../engine/engine';
import { type AnyFlow, button } from '../engine/flow';
import { activationFlow } from './activation';
import { billsFlow } from './bills';
import { franchiseFlow } from './franchise';
import { registrationFlow } from './registration';
import { selfServiceAnswer, selfServiceCommands, selfServiceFlows, selfServiceMenuRows } from './selfservice';
import { statusCommand } from './status';

/** The flows the product runs (one file each); the engine finds them by name. */
export const defaultFlows: AnyFlow[] = [
  activationFlow,
  registrationFlow,
  franchiseFlow,
  billsFlow,
  ...selfServiceFlows,
];

/** Main-menu rows of the flows above, besides the engine's own (activation, status, help, language). */
export const defaultMenuRows = [
  [button('dms-button-register', 'flow:registration'), button('dms-button-franchise', 'flow:franchise')],
  [button('menu-bills', 'flow:bills')],
  ...selfServiceMenuRows,
];

/** Global commands implemented by flows' modules (the engine owns start/help/language/cancel/menu). */
export const defaultCommands: Record<string, CommandHandler> = {
  status: statusCommand,
  ...selfServiceCommands,
};

/** Inputs outside a flow before «не понял»: FAQ, a location, a file, a contact after SOS. */
export const defaultAnswer = selfServiceAnswer;

export { activationFlow, billsFlow, franchiseFlow, registrationFlow, statusCommand };
