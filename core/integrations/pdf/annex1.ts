import PDFDocument from 'pdfkit';
import { instantDay, isoDay } from '../dates';
import { type MessageLanguage, type Translator, translate } from '../i18n-port';
import { documentFonts } from './fonts';

/** What «Приложение 1» (information provided at activation, seed 000) states. */
export interface Annex1Data {
  language: MessageLanguage;
  policyNumber: string;
  productName: string;
  insurerName: string;
  fullName: string;
  /** the IIN, full or already masked; the document shows only its first 6 digits */
  iin: string;
  /** e-mail = login of the «Онлайн доктор» cabinet */
  login: string;
  activatedAt: Date;
  /** programme time zone for the activation date (Asia/Almaty, Europe/Moscow) */
  timeZone: string;
  /** calendar days, 'YYYY-MM-DD' or `@db.Date` values */
  coverageStart: string | Date;
  coverageEnd: string | Date;
  coolingOffDays: number;
  coverageMonths: number;
}

export type Annex1Style = 'title' | 'subtitle' | 'field' | 'heading' | 'paragraph' | 'signature';

export interface Annex1Line {
  style: Annex1Style;
  text: string;
}

/** First six digits (the birth date) and the rest hidden: `900101******`. */
export function maskIin(iin: string): string {
  const digits = iin.replace(/\s/g, '');
  return `${digits.slice(0, 6)}******`;
}

/** The document's lines, in order, rendered from the Fluent messages `annex1-*`. */
export function annex1Lines(i18n: Translator, data: Annex1Data): Annex1Line[] {
  const params = {
    policyNumber: data.policyNumber,
    product: data.productName,
    insurer: data.insurerName,
    fullName: data.fullName,
    iin: maskIin(data.iin),
    login: data.login,
    activationDate: instantDay(data.activatedAt, data.timeZone),
    coverageStart: isoDay(data.coverageStart),
    coverageEnd: isoDay(data.coverageEnd),
    coolingOffDays: data.coolingOffDays,
    coverageMonths: data.coverageMonths,
  };
  const line = (style: Annex1Style, key: string): Annex1Line => ({
    style,
    text: translate(i18n, data.language, key, params),
  });
  return [
    line('title', 'annex1-title'),
    line('subtitle', 'annex1-subtitle'),
    line('field', 'annex1-policy-number'),
    line('field', 'annex1-product'),
    line('field', 'annex1-insured'),
    line('field', 'annex1-iin'),
    line('field', 'annex1-login'),
    line('field', 'annex1-activation-date'),
    line('field', 'annex1-coverage-start'),
    line('field', 'annex1-coverage-end'),
    line('heading', 'annex1-important'),
    line('paragraph', 'annex1-cooling-off'),
    line('paragraph', 'annex1-one-insured'),
    line('paragraph', 'annex1-separate-emails'),
    line('heading', 'annex1-how-title'),
    line('paragraph', 'annex1-how-site'),
    line('paragraph', 'annex1-how-app'),
    line('heading', 'annex1-cabinet-title'),
    line('paragraph', 'annex1-cabinet-duty'),
    line('paragraph', 'annex1-cabinet-specialists'),
    line('paragraph', 'annex1-cabinet-history'),
    line('paragraph', 'annex1-unlimited'),
    line('signature', 'annex1-signature'),
  ];
}

const STYLE: Record<Annex1Style, { bold: boolean; size: number; gapBefore: number }> = {
  title: { bold: true, size: 15, gapBefore: 0 },
  subtitle: { bold: false, size: 11.5, gapBefore: 0.2 },
  field: { bold: false, size: 11, gapBefore: 0.15 },
  heading: { bold: true, size: 12, gapBefore: 1 },
  paragraph: { bold: false, size: 10.5, gapBefore: 0.35 },
  signature: { bold: true, size: 11, gapBefore: 1.5 },
};

/** «Приложение 1» as an A4 PDF with DejaVu Sans embedded (Cyrillic + Kazakh). */
export async function renderAnnex1Pdf(i18n: Translator, data: Annex1Data): Promise<Buffer> {
  const lines = annex1Lines(i18n, data);
  const fonts = documentFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 62, right: 56 },
    font: fonts.regular,
    lang: data.language === 'kk' ? 'kk-KZ' : 'ru-RU',
    displayTitle: true,
    info: {
      Title: lines[0]?.text ?? 'Annex 1',
      Author: data.insurerName,
      Subject: lines[1]?.text ?? '',
      CreationDate: data.activatedAt,
    },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  let previous: Annex1Style | undefined;
  for (const { style, text } of lines) {
    const look = STYLE[style];
    if (look.gapBefore) doc.moveDown(look.gapBefore);
    if (previous === 'subtitle' && style === 'field') doc.moveDown(0.8);
    previous = style;
    doc
      .font(look.bold ? 'bold' : 'regular')
      .fontSize(look.size)
      .text(text, { width, align: 'left', lineGap: 1.5 });
  }
  doc.end();
  return done;
}
