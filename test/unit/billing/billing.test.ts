import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvFileError, type CsvStreamItem, streamCsv } from '../../../core/csv';
import { parseMoney, toDecimalString } from '../../../core/domain/money';
import { cellText } from '../../../core/integrations/documents/xlsx-rows';
import { billNumber, priceLines } from '../../../core/services/billing';
import { INVOICE_COLUMNS, normalizePatient, parseServiceDate } from '../../../core/services/invoices-import';

async function collect(text: string | Buffer, chunkSize = 7): Promise<CsvStreamItem[]> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const items: CsvStreamItem[] = [];
  for await (const item of streamCsv(Readable.from(chunks), INVOICE_COLUMNS)) items.push(item);
  return items;
}

const HEADER = 'invoice_number;clinic_code;patient;service_date;service_name;quantity;unit_cost';

describe('pricing (property)', () => {
  it('the bill total is the sum of the per-line charges, each rounded half-up, within ½ tiyn per line of cost × share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000_000_00 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 10_000 }),
        (costs, bp) => {
          const { charges, total } = priceLines(costs, bp, 'KZT');
          expect(total).toBe(charges.reduce((a, b) => a + b, 0));
          costs.forEach((cost, i) => {
            // half-up: 2·charge·10000 within [2·cost·bp − 10000, 2·cost·bp + 10000)
            const exact2 = 2n * BigInt(cost) * BigInt(bp);
            const got2 = 2n * BigInt(charges[i]!) * 10_000n;
            expect(got2 - exact2 <= 10_000n && exact2 - got2 < 10_000n).toBe(true);
          });
          const exact = costs.reduce((sum, cost) => sum + BigInt(cost) * BigInt(bp), 0n);
          const diff = BigInt(total) * 10_000n - exact;
          expect((diff < 0n ? -diff : diff) * 2n <= BigInt(costs.length) * 10_000n).toBe(true);
        },
      ),
    );
  });

  it('bill numbers sort within a period', () => {
    expect(billNumber('2026-11', 42)).toBe('202611-000042');
    expect(billNumber('2026-11', 9) < billNumber('2026-11', 10)).toBe(true);
  });
});

describe('amounts and dates of invoice lines (property)', () => {
  it('any amount written with "." or "," (and grouped) parses back to the same minor units', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.boolean(),
        fc.boolean(),
        (minor, comma, grouped) => {
          let text = toDecimalString(minor);
          if (grouped) {
            const [whole, fraction] = text.split('.') as [string, string];
            text = `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}.${fraction}`;
          }
          if (comma) text = text.replace('.', ',');
          const parsed = parseMoney(text, 'RUB');
          expect(parsed).toEqual({ ok: true, money: { amount: minor, currency: 'RUB' } });
        },
      ),
    );
  });

  it('spreadsheet numbers become the text a person would type, without float noise', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_00 }), (minor) => {
        const value = minor / 100;
        const parsed = parseMoney(cellText(value), 'RUB');
        expect(parsed.ok && parsed.money.amount).toBe(minor);
      }),
    );
    expect(cellText(0.1 + 0.2)).toBe('0.30');
    expect(cellText(new Date('2026-10-01T00:00:00Z'))).toBe('2026-10-01');
    expect(cellText({ richText: [{ text: 'Приём ' }, { text: 'врача' }] })).toBe('Приём врача');
    expect(cellText({ formula: 'A1*2', result: 2469.14 })).toBe('2469.14');
  });

  it('service dates: ISO or DD.MM.YYYY, real days only', () => {
    expect(parseServiceDate('2026-10-01')).toBe('2026-10-01');
    expect(parseServiceDate('1.10.2026')).toBe('2026-10-01');
    expect(parseServiceDate('29.02.2026')).toBeNull();
    expect(parseServiceDate('2026/10/01')).toBeNull();
    expect(normalizePatient(' dms-300001 ')).toBe('DMS-300001');
  });
});

describe('streaming CSV', () => {
  it('gives records with their file line numbers, whatever the chunking, BOM and ";" included', async () => {
    const text = `\uFEFF${HEADER}\nA;c;p;2026-10-01;"Приём\nврача";1;10,00\n\nB;c;p;2026-10-01;x;1\nC;c;p;2026-10-01;y;2;3.00\n`;
    for (const size of [1, 3, 7, 64, 4096]) {
      const items = await collect(text, size);
      expect(items.map((i) => (i.record ? `r${i.record.line}` : `i${i.issue!.line}`))).toEqual([
        'r2',
        'i5',
        'r6',
      ]);
      expect(items[0]!.record!.values.service_name).toBe('Приём\nврача');
      expect(items[0]!.record!.values.unit_cost).toBe('10,00');
    }
  });

  it('refuses a file that is not UTF-8, has a wrong header or a broken quote', async () => {
    const cp1251 = Buffer.concat([
      Buffer.from(`${HEADER}\nA;c;p;2026-10-01;`),
      Buffer.from([0xcf, 0xf0, 0xe8]),
      Buffer.from(';1;1\n'),
    ]);
    await expect(collect(cp1251)).rejects.toThrow(/not UTF-8/);
    const header = collect('invoice;clinic_code\n1;2\n');
    await expect(header).rejects.toBeInstanceOf(CsvFileError);
    await expect(collect('invoice;clinic_code\n1;2\n')).rejects.toThrow(/no column "invoice_number"/);
    await expect(collect(`${HEADER}\nA;c;p;2026-10-01;"open;1;1\n`)).rejects.toThrow(/not a readable CSV/);
    await expect(collect('')).rejects.toThrow(/empty/);
  });
});
