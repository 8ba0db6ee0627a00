import type { Input, Reply } from '../../core/dialog';
import { formatKm } from '../../core/domain/geo';
import { formatPhone, parsePhone } from '../../core/domain/phone';
import {
  type ClinicsFound,
  type ClinicView,
  clinicsInCity,
  nearestClinics,
} from '../../core/services/clinics';
import type { Answer } from '../engine/engine';
import { type Flow, type FlowContext, say, text } from '../engine/flow';

/**
 * «Клиники рядом» (seed 002 item 11): Telegram asks for the location (request_location), the web
 * chat for a city; either works in both. The 5 nearest clinics of the person's DMS programme with
 * the distance (km, one decimal), address and phone; a person without DMS membership gets every
 * programme's clinics with a note. A location shared outside any flow is answered the same way.
 */
export const CLINICS_BUTTON_DATA = 'flow:clinics';

const phoneOf = (phone: string | null) => {
  if (!phone) return null;
  const parsed = parsePhone(phone);
  return parsed.ok ? formatPhone(parsed.phone) : phone;
};

/** One clinic per entry: «1. Name — 1,2 км» and «address, city · phone» (data, the same in ru and kk). */
export function clinicsList(clinics: ClinicView[], language: 'ru' | 'kk'): string {
  return clinics
    .map((clinic, index) => {
      const distance = clinic.distanceKm === null ? '' : ` — ${formatKm(clinic.distanceKm, language)} км`;
      const phone = phoneOf(clinic.phone);
      return `${index + 1}. ${clinic.name}${distance}\n   ${clinic.address}, ${clinic.city}${phone ? ` · ${phone}` : ''}`;
    })
    .join('\n');
}

function note(found: ClinicsFound): Reply {
  return found.programme
    ? say('clinics-programme-note', { programme: found.programme.name })
    : say('clinics-all-programmes-note');
}

export async function nearestReplies(ctx: FlowContext, location: { latitude: number; longitude: number }) {
  const found = await nearestClinics(ctx.tx, {
    personId: ctx.conversation.personId,
    from: { latitude: location.latitude, longitude: location.longitude },
  });
  if (found.clinics.length === 0) return [say('clinics-none')];
  return [say('clinics-nearest', { list: clinicsList(found.clinics, ctx.language) }), note(found)];
}

/** A location outside any flow: the nearest clinics. */
export async function answerLocation(
  ctx: FlowContext,
  input: Extract<Input, { type: 'location' }>,
): Promise<Answer> {
  return { understood: true, replies: await nearestReplies(ctx, input) };
}

export const clinicsFlow: Flow<Record<string, never>> = {
  name: 'clinics',
  version: 1,

  begin() {
    return { kind: 'goto', step: 'place', data: {} };
  },

  prompt(ctx) {
    return ctx.conversation.channel === 'telegram'
      ? [{ type: 'request_location', text: text('clinics-ask-location') }]
      : [say('clinics-ask-city')];
  },

  async handle(ctx, _state, input) {
    if (input.type === 'location') return { kind: 'end', say: await nearestReplies(ctx, input) };
    if (input.type !== 'text' || input.text.trim() === '') {
      return { kind: 'retry', say: [say('clinics-expect-place')] };
    }
    const typed = input.text.trim().slice(0, 100);
    const found = await clinicsInCity(ctx.tx, { personId: ctx.conversation.personId, city: typed });
    if (found.cities.length === 0) return { kind: 'end', say: [say('clinics-none')] };
    if (found.clinics.length === 0) {
      return {
        kind: 'retry',
        say: [say('clinics-city-unknown', { city: typed, cities: found.cities.join(', ') })],
      };
    }
    return {
      kind: 'end',
      say: [
        say('clinics-in-city', { city: found.city ?? typed, list: clinicsList(found.clinics, ctx.language) }),
        note(found),
      ],
    };
  },
};
