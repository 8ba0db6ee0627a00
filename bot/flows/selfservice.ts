import type { Button } from '../../core/dialog';
import type { AnswerHandler, CommandHandler } from '../engine/engine';
import { type AnyFlow, button } from '../engine/flow';
import { answerLocation, CLINICS_BUTTON_DATA, clinicsFlow } from './clinics';
import { CONTACTS_BUTTON_DATA, contactsFlow } from './contacts';
import { answerFile, DOCUMENTS_BUTTON_DATA, documentsCommand } from './documents';
import { answerQuestion, answerTopic, faqCommand } from './faq';
import { answerSosContact, SOS_BUTTON_DATA, sosCommand } from './sos';

/**
 * Self-service (issue 9): FAQ, clinics near me, SOS, contacts, documents — their flows, commands,
 * main-menu rows and the engine's `answer` hook for inputs outside a flow.
 */
export const selfServiceFlows: AnyFlow[] = [clinicsFlow, contactsFlow];

export const selfServiceCommands: Record<string, CommandHandler> = {
  sos: sosCommand,
  documents: documentsCommand,
  faq: faqCommand,
};

export const selfServiceMenuRows: Button[][] = [
  [button('sos-button', SOS_BUTTON_DATA)],
  [button('clinics-button', CLINICS_BUTTON_DATA), button('documents-button', DOCUMENTS_BUTTON_DATA)],
  [button('contacts-button', CONTACTS_BUTTON_DATA), button('faq-button', 'cmd:faq')],
];

/**
 * Outside a flow: free text → the FAQ (no match: «an operator?»); a `faq:<id>` topic button; a
 * shared location → the nearest clinics; a photo or file → kept as a document; a contact shared
 * after SOS → the callback number. Anything else: the engine's «не понял».
 */
export const selfServiceAnswer: AnswerHandler = async (ctx, input) => {
  switch (input.type) {
    case 'text':
      return answerQuestion(ctx, input.text);
    case 'button':
      return answerTopic(ctx, input.data);
    case 'location':
      return answerLocation(ctx, input);
    case 'file':
      return answerFile(ctx, input);
    case 'contact':
      return answerSosContact(ctx, input.phone, input.own);
    default:
      return undefined;
  }
};
