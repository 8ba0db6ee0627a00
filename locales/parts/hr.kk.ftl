# HR staff in Slack (bot/channels/slack, core/notify/slack-sender.ts, core/services/hr*.ts). Kazakh.
# Amounts arrive formatted (core/i18n formatAmount); dates as YYYY-MM-DD for DATE().

## Summary (no argument, Home tab)

hr-summary-title = ЕМС франшизасы — { $employer }
hr-summary-asof = { DATE($date) } жағдай бойынша
hr-field-roster = Тізімдегі қызметкерлер
hr-field-registered = ЕМС-те тіркелгендер
hr-field-franchise-active = Франшиза белсенді
hr-field-franchise-pending = Франшиза күшіне енеді
hr-field-emergency = Шұғыл көмекке ауыстырылғандар
hr-field-debt = Франшиза бойынша жалпы қарыз
hr-field-debt-value = { $amount } ({ $bills } шот, { $debtors } қызм.)
hr-field-overdue = Мерзімі өткен
hr-field-overdue-value = { $amount } ({ $bills } шот, { $debtors } қызм.)
hr-field-penalty = Бүгінгі өсімпұл (есеп)

## Debtors

hr-debtors-title = Борышкерлер — { $employer }
hr-debtors-none = Франшиза бойынша қарыз жоқ.
hr-debtors-more = …және тағы { $count }. Толық тізім есепте: `{ $command } report`.
hr-debtor-number = табель № { $number }
hr-debtor-debt = Қарыз: { $amount }
hr-debtor-days = { $days ->
        [0] Төлеу мерзімі өтпеген
       *[other] Кешіктіру: { $days } күн
    }
hr-status-active = Франшизасы бар бағдарлама
hr-status-emergency_only = Тек шұғыл көмек
hr-status-none = Тіркелмеген

## One employee

hr-employee-usage = Табель нөмірін көрсетіңіз: `{ $command } employee T-001`.
hr-employee-not-found = Табель нөмірі { $number } қызметкер { $employer } қызметкерлерінің арасында табылмады.
hr-employee-title = { $name }, табель № { $number }
hr-employee-left = Қызметкерлер тізімінен шығарылған.
hr-employee-not-registered = ЕМС жеке кабинетінде тіркелмеген.
hr-employee-franchise-none = Франшиза белсендірілмеген.
hr-employee-franchise-pending = Франшиза { DATE($date) } бастап күшіне енеді.
hr-employee-franchise-active = Франшиза { DATE($date) } бастап белсенді.
hr-employee-emergency = { DATE($date) } бастап шұғыл көмекке ауыстырылды.
hr-employee-debt = Қарыз: { $amount }, бүгінгі өсімпұл: { $penalty }
hr-employee-no-bills = Франшиза бойынша шоттар жоқ.
hr-employee-bill = № { $number } шот, { $period }: { $amount }, { DATE($due) } дейін төлеу керек — { $state }
hr-state-unpaid = төленбеген
hr-state-overdue = { $days } күнге кешіктірілген
hr-state-paid = { DATE($date) } төленген

## Debt report (XLSX)

hr-report-comment = Франшиза бойынша қарыз туралы есеп — { $employer }, { DATE($date) } жағдай бойынша.
hr-report-uploaded = Қарыз туралы есеп арнаға жүктелді.
hr-report-not-in-channel = Файлды жүктеу мүмкін болмады: ботты осы арнаға шақырыңыз (`/invite`) және қайталаңыз.
hr-report-failed = Есепті жүктеу мүмкін болмады ({ $error }). Кейінірек қайталап көріңіз.
hr-report-monthly = { $month } айлық есебі — { $employer }: жалпы қарыз { $amount }, оның ішінде мерзімі өткені { $overdue } ({ $debtors } қызм.). Франшиза бойынша қарызды сотқа дейін реттеу — жұмыс берушінің міндеті. Файл — жауапта.
hr-report-sheet = Қарыз
hr-report-sheet-summary = Қорытынды
hr-report-heading = ЕМС франшизасы бойынша қарыз: { $employer }, { DATE($date) } жағдай бойынша
hr-col-number = Табель №
hr-col-name = Аты-жөні
hr-col-status = Бағдарлама
hr-col-bill = Шот
hr-col-period = Кезең
hr-col-issued = Берілген күні
hr-col-due = Төлеу мерзімі
hr-col-days = Кешіктірілген күндер
hr-col-amount = Сома
hr-col-penalty = Өсімпұл (есеп)
hr-col-state = Күйі
hr-col-currency = Валюта
hr-report-total = Барлығы

## Roster from a CSV shared in the channel

hr-roster-no-file = Арнада қызметкерлер тізімі бар CSV файл жоқ. Файлды арнаға жүктеңіз (бағандар: employee_number,full_name,birth_date,phone[,policy_number]) және `{ $command } roster` командасын қайталаңыз.
hr-roster-file-not-here = { $file } файлы осы арнада табылмады.
hr-roster-download-failed = { $file } файлын жүктеп алу мүмкін болмады: { $error }
hr-roster-done = { $employer } қызметкерлер тізімі { $file } файлынан жүктелді: жаңа — { $created }, жаңартылды — { $updated }, өзгеріссіз — { $unchanged }.
hr-roster-rejected = { $file } файлы жүктелмеді, ештеңе өзгерген жоқ. Қателер ({ $count }):

## Alerts and language

hr-alert-emergency = :warning: { $name } (табель № { $number }) франшиза төленбегендіктен { DATE($date) } бастап «тек шұғыл көмек» жеке бағдарламасына ауыстырылды. Қарызы: { $debtAmount }. Қарызды сотқа дейін реттеу — жұмыс берушінің міндеті.
hr-alert-debt-paid = :white_check_mark: { $name } (табель № { $number }) { $bills } шоттары бойынша мерзімі өткен франшизаны төледі: { $paidAmount }. { $left ->
        [0] Франшиза бойынша қарызы қалмады.
       *[other] Қалған қарызы: { $leftAmount }.
    } Төленген шоттарды өндіріп алу енді қажет емес.
hr-language-set = Осы арнадағы жауаптардың, есептердің және хабарламалардың тілі: қазақша.
hr-language-usage = Тіл: `{ $command } language kk` немесе `{ $command } language ru`.

## Refusals and help

hr-refused-channel = Бұл арна жұмыс берушінің деректеріне қосылмаған. Әкімшіден оны қосуды сұраңыз.
hr-refused-user = Бұл арнада { $employer } деректеріне қол жеткізуіңіз жоқ. Әкімшіден сізді қосуды сұраңыз.
hr-refused-home = Мұнда деректерді арнаны қосқанда көрсетілген HR қызметкерлері ғана көреді. HR арнасында `{ $command }` пайдаланыңыз.
hr-error = Бірдеңе дұрыс болмады. Сәл кейінірек қайталап көріңіз.
hr-unknown = «{ $text }» түсініксіз.
hr-help =
    Командалар: *{ $command }* — { $employer } қызметкерлерінің ЕМС франшизасы:
    • `{ $command }` — жиынтық: тіркелгендер, франшиза, қарыз, мерзімі өткені
    • `{ $command } debtors` — борышкерлер, ең ұзақ кешіктіруден бастап
    • `{ $command } employee T-001` — қызметкердің шоттары мен күйі
    • `{ $command } report` — қарыз туралы есеп (XLSX) арнаға
    • `{ $command } roster` — қызметкерлер тізімін арнадағы соңғы CSV файлдан жүктеу
    • `{ $command } language ru` — по-русски / `language kk` — қазақ тілінде
hr-home-title = HR үшін ЕМС франшизасы
hr-home-language = { $employer } бойынша жауап тілі:
hr-home-hint = HR арнасындағы командалар: `{ $command } help`.

hr-month-label = { $year } жылғы { $name }
hr-month-1 = қаңтар
hr-month-2 = ақпан
hr-month-3 = наурыз
hr-month-4 = сәуір
hr-month-5 = мамыр
hr-month-6 = маусым
hr-month-7 = шілде
hr-month-8 = тамыз
hr-month-9 = қыркүйек
hr-month-10 = қазан
hr-month-11 = қараша
hr-month-12 = желтоқсан
