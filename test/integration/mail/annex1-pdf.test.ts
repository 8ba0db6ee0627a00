import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../core/i18n';
import {
  type Annex1Data,
  annex1Lines,
  maskIin,
  renderAnnex1Pdf,
} from '../../../core/integrations/pdf/annex1';

const i18n = createI18n();

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/**
 * pdf.js breaks lines where pdfkit wrapped them (also after a hyphen: «1-|қосымша») and adds page
 * markers: compare the words, not the layout.
 */
function words(text: string): string {
  return text
    .replace(/-- \d+ of \d+ --/g, ' ')
    .replace(/(\S-)[ \t]*\n\s*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const base: Omit<Annex1Data, 'language'> = {
  policyNumber: 'LV-2026-000123',
  productName: 'Личный врач',
  insurerName: 'Казахинстрах',
  fullName: 'Әлихан Ғабитұлы Құнанбаев',
  iin: '900101300123',
  login: 'alikhan@example.kz',
  activatedAt: new Date('2026-03-01T20:30:00Z'), // 2 March in Almaty (UTC+5)
  timeZone: 'Asia/Almaty',
  coverageStart: '2026-03-17',
  coverageEnd: '2027-03-16',
  coolingOffDays: 15,
  coverageMonths: 12,
};

describe('«Приложение 1» PDF', () => {
  it('masks the IIN to its first six digits', () => {
    expect(maskIin('900101300123')).toBe('900101******');
  });

  for (const language of ['ru', 'kk'] as const) {
    it(`extracted text equals what was written (${language})`, async () => {
      const data = { ...base, language };
      const lines = annex1Lines(i18n, data);
      const pdf = await renderAnnex1Pdf(i18n, data);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = await pdfText(pdf);
      expect(words(text)).toBe(words(lines.map((line) => line.text).join('\n')));

      const all = lines.map((line) => line.text).join('\n');
      expect(all).toContain('LV-2026-000123');
      expect(all).toContain('Личный врач');
      expect(all).toContain('Әлихан Ғабитұлы Құнанбаев');
      expect(all).toContain('900101******');
      expect(all).not.toContain('900101300123');
      expect(all).toContain('alikhan@example.kz');
      expect(all).toContain('kis.onlinedoctor.ru');
      expect(all).toContain('15');
      if (language === 'ru') {
        expect(all).toContain('Дата активации: 2 марта 2026 года');
        expect(all).toContain('Начало страховой защиты: 17 марта 2026 года');
        expect(all).toContain('Окончание страховой защиты: 16 марта 2027 года');
        expect(all).toContain('через 15 дней с даты активации');
        expect(all).toContain('оплачиваете их самостоятельно');
      } else {
        expect(all).toContain('Белсендіру күні: 2026 жылғы 2 наурыз');
        expect(all).toContain('2026 жылғы 17 наурыз');
        expect(all).toContain('2027 жылғы 16 наурыз');
        expect(all).toContain('15 күннен кейін');
        // every Kazakh-specific letter survives the round trip through the embedded font
        for (const letter of 'әғқңөұүі') expect(text).toContain(letter);
      }
    });
  }
});
