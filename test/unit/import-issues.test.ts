import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../../core/domain/local-date';
import { createI18n, type Language } from '../../core/i18n';
import { formatIssueLines, localizedIssueLines } from '../../core/import-report';
import { parseRosterCsv } from '../../core/services/roster-import';

const TODAY = '2026-11-22' as LocalDate;
const i18n = createI18n({ strict: true });
const t = (lang: Language) => (key: string, params?: Record<string, string | number>) =>
  i18n.t(lang, key, params);

const BAD_ROSTER = [
  'employee_number,full_name,birth_date,phone,policy_number',
  'T-001,Иванов Иван,1990-01-01,+77015550001,DMS-1',
  'T-002,Одно,вчера,8 (701) 555-00-02,',
  ',Петров Пётр,2090-01-01,+7701555000,dms 7',
  'T-004,Сидоров Сидор,1990-01-01,+77015550001,',
].join('\n');

describe('roster import issues for people outside the back office', () => {
  const { issues } = parseRosterCsv(BAD_ROSTER, TODAY);

  it('keep the English report for the CLI', () => {
    expect(formatIssueLines(issues)).toEqual([
      '  line 3, full_name: surname and given name expected',
      '  line 3, birth_date: bad format: YYYY-MM-DD or DD.MM.YYYY expected',
      '  line 4, employee_number: employee number is empty',
      '  line 4, birth_date: birth date 2090-01-01 is not plausible',
      '  line 4, phone: not a +7 number: 10 digits expected (or 11 starting with 7 or 8)',
      '  line 5, phone: duplicate within the file: +77015550001 is already on line 2',
    ]);
  });

  it('read in Russian and in Kazakh, line for line', () => {
    expect(localizedIssueLines(issues, t('ru'))).toEqual([
      '  строка 3, full_name: нужны фамилия и имя',
      '  строка 3, birth_date: неверный формат даты: ГГГГ-ММ-ДД или ДД.ММ.ГГГГ',
      '  строка 4, employee_number: поле не заполнено',
      '  строка 4, birth_date: неправдоподобная дата рождения: 2090-01-01',
      '  строка 4, phone: это не номер +7: нужно 10 цифр (или 11, начиная с 7 или 8)',
      '  строка 5, phone: повтор в файле: +77015550001 уже есть в строке 2',
    ]);
    expect(localizedIssueLines(issues, t('kk'))).toEqual([
      '  3-жол, full_name: тегі мен аты керек',
      '  3-жол, birth_date: күн форматы қате: ЖЖЖЖ-АА-КК немесе КК.АА.ЖЖЖЖ',
      '  4-жол, employee_number: өріс толтырылмаған',
      '  4-жол, birth_date: туған күні шындыққа жанаспайды: 2090-01-01',
      '  4-жол, phone: бұл +7 нөмірі емес: 10 цифр керек (немесе 7 не 8-ден басталатын 11 цифр)',
      '  5-жол, phone: файлда қайталанады: +77015550001 2-жолда бар',
    ]);
  });

  it('name the file itself when the header is wrong', () => {
    const header = parseRosterCsv('employee_number,name,phone\n1,2,3\n', TODAY).issues;
    expect(localizedIssueLines(header, t('ru'))).toEqual([
      '  строка 1, full_name: в заголовке нет колонки «full_name»',
      '  строка 1, birth_date: в заголовке нет колонки «birth_date»',
      '  строка 1, name: неизвестная колонка «name» (ожидаются: employee_number, full_name, birth_date, phone, policy_number)',
    ]);
    expect(localizedIssueLines(parseRosterCsv('', TODAY).issues, t('kk'))).toEqual(['  файл: файл бос']);
  });
});
