import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../core/log/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level: 'debug', format: 'json', destination });
  return { logger, output: () => lines.join('') };
}

const IIN = '900515300127';
const PHONE = '+77011234567';
const EMAIL = 'aigerim.nurlanovna@example.kz';
const NAME = 'Нурланова Айгерим Болатовна';

describe('logs never carry personal data unmasked', () => {
  it('masks known fields in objects, nested and in arrays', () => {
    const { logger, output } = capture();
    logger.info(
      { person: { iin: IIN, phone: PHONE, email: EMAIL, fullName: NAME }, rows: [{ iin: IIN }] },
      'saved',
    );
    const text = output();
    for (const secret of [IIN, PHONE, EMAIL, NAME, 'Айгерим']) expect(text).not.toContain(secret);
    expect(text).toContain('saved');
  });

  it('masks IINs, phones and e-mails inside free text and error messages', () => {
    const { logger, output } = capture();
    logger.warn(`activation for ${IIN} by ${EMAIL}, call 8 (701) 123-45-67`);
    logger.error({ err: new Error(`duplicate iin ${IIN} phone ${PHONE}`) }, 'failed');
    const text = output();
    for (const secret of [IIN, EMAIL, '123-45-67', PHONE]) expect(text).not.toContain(secret);
    expect(text).toContain('activation for 90**********');
  });

  it('keeps ordinary values readable', () => {
    const { logger, output } = capture();
    logger.info({ policyNumber: 'LV-100001', queue: 'telemed', attempts: 3 }, 'job done');
    const line = JSON.parse(output());
    expect(line).toMatchObject({ policyNumber: 'LV-100001', queue: 'telemed', attempts: 3, msg: 'job done' });
  });
});
