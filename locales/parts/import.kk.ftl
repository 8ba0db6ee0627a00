## Файл импортының қателері (Slack-тегі қызметкерлер тізімі): кодтар core/import-issues.ts

import-issue-where-line = { $line }-жол
import-issue-where-file = файл
import-issue-file-not-utf8 = файл UTF-8 кодтауында емес (Excel-де: «Басқаша сақтау» → «CSV UTF-8»)
import-issue-file-empty = файл бос
import-issue-file-unreadable = файлды CSV ретінде оқу мүмкін емес: { $error }
import-issue-file-no-rows = файлда тақырып жолы бар, бірақ бірде-бір деректер жолы жоқ
import-issue-header-missing = тақырыпта «{ $column }» бағаны жоқ
import-issue-header-unknown = белгісіз баған «{ $column }» (күтілетіні: { $expected })
import-issue-header-repeated = «{ $column }» бағаны екі рет көрсетілген
import-issue-field-count = жолдағы өрістер саны: { $count }, ал тақырыпта: { $expected } (бөлгіш «{ $delimiter }»)
import-issue-duplicate = файлда қайталанады: { $value } { $previous }-жолда бар
import-issue-value-empty = өріс толтырылмаған
import-issue-value-too-long = { $max } таңбадан ұзын
import-issue-employee-number-format = формат қате: әріптер мен сандар, мысалы T-001
import-issue-full-name-format = тегі мен аты керек
import-issue-date-format = күн форматы қате: ЖЖЖЖ-АА-КК немесе КК.АА.ЖЖЖЖ
import-issue-date-invalid = күнтізбеде мұндай күн жоқ: { $value }
import-issue-birth-date-implausible = туған күні шындыққа жанаспайды: { $value }
import-issue-phone-format = бұл телефон нөмірі емес: тек сандар, бос орындар, сызықшалар, жақшалар және басында «+» болуы мүмкін
import-issue-phone-length = бұл +7 нөмірі емес: 10 цифр керек (немесе 7 не 8-ден басталатын 11 цифр)
import-issue-phone-country = тек +7 нөмірлері қабылданады (Қазақстан, Ресей)
import-issue-phone-prefix = +7 нөмірі қате: 10 таңбалы нөмір 0 немесе 1-ден басталмайды
import-issue-policy-number-format = формат қате: «-» немесе «/» арқылы жазылған бас латын әріптері мен цифрлар (мысалы, DMS-300001)
import-issue-phone-taken = { $value } нөмірі осы жұмыс берушінің { $owner } қызметкеріне тіркелген
import-issue-policy-taken = { $value } полисі осы жұмыс берушінің { $owner } қызметкеріне тіркелген
import-issue-unknown-employer = белгісіз жұмыс беруші «{ $employer }»
