# Франшиза шоттары және төлемдер (core/services/billing.ts, payments.ts, bot/flows/bills.ts,
# bot/payments/routes.ts). Қазақша. Сомалар — ең кіші бірліктер, { billing-money } арқылы (файл соңында).

## Хабарламалар

billing-notice = ЕМС франшизасы есептелді: № { $number } шот, сомасы { billing-money } (қызметтер саны: { $count }). { DATE($date) } қоса алғанда дейін төлеңіз: { $url } — немесе «Менің шоттарым» бөлімін ашыңыз.
billing-notice-sms = ЕМС франшизасы: {$number} шот, { billing-money }, төлеу мерзімі { DATE($date) }: { $url }
billing-notice-email-subject = ЕМС франшизасын төлеуге арналған № { $number } шот
billing-notice-email =
    Сәлеметсіз бе!

    Сақтандыру компаниясы Сізге көрсетілген медициналық қызметтер үшін клиникалардың шоттарын алды және франшизаны есептеді.
    № { $number } шот: { billing-money }, қызметтер саны: { $count }.
    Қолма-қолсыз төлемді { DATE($date) } қоса алғанда дейін жасау қажет (30 жұмыс күні).
    Төлеу: { $url }
    Шоттың толық мәліметі — ассистентпен чаттағы «Менің шоттарым» бөлімінде.
billing-pay-button = Төлеу
billing-receipt = Төлем алынды: { billing-money }, № { $number } шот(тар) — «Төленді». Рахмет!
billing-receipt-sms = Франшиза төлемі алынды: { billing-money }, шоттар { $number }. Рахмет!
billing-receipt-email-subject = Франшиза төлемі алынды
billing-receipt-email =
    Сәлеметсіз бе!

    Сіздің { billing-money } төлеміңізді алдық ({ DATE($date) }).
    № { $number } шот(тар) төленді. «Менің шоттарым» бөліміндегі олардың мәртебесі — «Төленді».

## Мәртебелер және кесте файлдары

billing-status-unpaid = Төленбеген
billing-status-paid = Төленді
billing-status-overdue = Мерзімі өткен
billing-sheet-name = Шоттар
billing-col-bill = Шот
billing-col-period = Кезең
billing-col-issued = Шот күні
billing-col-due = Төлеу мерзімі
billing-col-status = Мәртебесі
billing-col-service-date = Қызмет күні
billing-col-clinic = Клиника
billing-col-invoice = Клиника шоты
billing-col-service = Қызмет
billing-col-quantity = Саны
billing-col-unit-cost = Бағасы
billing-col-cost = Құны
billing-col-share = Франшиза үлесі
billing-col-franchise = Төленетін франшиза
billing-col-currency = Валюта

## «Менің шоттарым» (bot/flows/bills.ts)

menu-bills = Менің шоттарым
bills-no-member = «Менің шоттарым» бөлімі тіркелгеннен кейін ЕМС бойынша сақтандырылғандарға қолжетімді.
bills-none = Әзірге шоттар жоқ. Клиника көрсетілген қызметтер үшін сақтандыру компаниясына шот жібергенде шот пайда болады (әдетте бару күнінен кейін 1,5–2 ай ішінде).
bills-list-header = Сіздің шоттарыңыз: { $count } (бет { $page } / { $pages }). Жаңалары — жоғарыда. Қызметтерді көру үшін шотты басыңыз.
bills-item = № { $number } · { billing-money } · { $status ->
        [paid] ✅ Төленді
        [overdue] ⚠️ мерзімі өтті, { DATE($date) } дейін
       *[unpaid] { DATE($date) } дейін
    }
bills-prev = ‹ Артқа
bills-next = Алға ›
bills-select-button = Төлеуге шоттарды таңдау
bills-export-all-xlsx = Барлық шоттар Excel-де
bills-export-all-csv = Барлық шоттар CSV-де
bills-export-xlsx = Excel-ге жүктеу
bills-export-csv = CSV-ге жүктеу
bills-export-caption = Шоттар файлы: бір жол — бір қызмет.
bills-back-to-list = Шоттар тізіміне
bills-detail = № { $number } шот, { DATE($date) }
    Франшиза сомасы: { billing-money }
    Мәртебесі: { $status ->
        [paid] Төленді
        [overdue] Мерзімі өткен
       *[unpaid] Төленбеген
    }
bills-detail-due = { DATE($date) } қоса алғанда дейін төлеңіз.
bills-detail-lines-text =
    Қызметтер ({ $count }):
    { $lines }
bills-line = { DATE($date) } · { $clinic } · { $service } · { $quantity } × { billing-money-cost } → франшиза { billing-money }
bills-lines-more = …және тағы { $count }. Толық тізім — Excel немесе CSV файлында.
bills-pay-this = Осы шотты төлеу
bills-select-header = Төленбеген шоттарды таңдаңыз: белгілеу немесе белгіні алу үшін шотты басыңыз. { $count ->
        [0] Әзірге ештеңе таңдалмаған.
       *[other] Таңдалған шоттар: { $count }, сомасы { billing-money }.
    }
bills-select-none = Төленбеген шоттар жоқ — барлығы төленген.
bills-toggle-on = ☑ № { $number } · { billing-money }
bills-toggle-off = ☐ № { $number } · { billing-money }
bills-pay-selected = Таңдалғандарды төлеу: { billing-money }
bills-pay-nothing = Алдымен кемінде бір шотты таңдаңыз.
bills-already-paid = № { $number } шот төленіп қойған — оны төлеуге таңдауға болмайды. Оны шоттар тізімінен көруге болады.
bills-not-found = Сізде мұндай шот жоқ. Шоттар тізімін қайта ашыңыз.
bills-mixed-currency = Әр түрлі валютадағы шоттар бөлек төленеді: бір валютадағы шоттарды таңдаңыз.
bills-pay-link = { billing-money } төлеуге сілтеме дайын (шоттар саны: { $count }). Төлегеннен кейін шоттар «Төленді» мәртебесін алады.
bills-pay-open = Төлеуге өту
bills-use-buttons = Хабарлама астындағы батырмаларды пайдаланыңыз.

## Төлем беттері (bot/payments/routes.ts)

pay-page-title = ЕМС франшизасын төлеу
pay-demo-notice = Төлемнің демонстрациялық беті: ақша есептен шығарылмайды.
pay-page-amount = Төлеуге: { billing-money }
pay-page-bills = № { $number } шоттар
pay-demo-pay = Төлеу
pay-demo-decline = Бас тарту
pay-done-paid = Төлем өтті. Шоттар «Төленді» деп белгіленді. Чатқа қайта оралуға болады.
pay-done-declined = Төлемнен бас тартылды. Сол сілтеме арқылы қайталап көруге болады.
pay-done-pending = Төлем өңделуде. Чаттағы шот мәртебесі бірнеше минут ішінде жаңарады.
pay-link-paid = Бұл шоттар төленіп қойған. Рахмет!
pay-link-bill-paid = № { $number } шот төленіп қойған, сондықтан бұл сілтеме енді жарамсыз. «Менің шоттарым» бөлімінде жаңа сілтеме жасаңыз.
pay-link-expired = Төлем сілтемесінің мерзімі өтті. «Менің шоттарым» бөлімінде жаңасын жасаңыз.
pay-link-not-found = Төлем сілтемесі табылмады.
pay-link-unavailable = Төлем қызметі қазір жауап бермейді. Бірнеше минуттан кейін қайталап көріңіз.

## Money in the bill's currency: Fluent named arguments must be literals, so the currency is chosen here.

billing-money = { $currency ->
        [KZT] { MONEY($amount, currency: "KZT") }
       *[RUB] { MONEY($amount, currency: "RUB") }
    }
billing-money-cost = { $currency ->
        [KZT] { MONEY($cost, currency: "KZT") }
       *[RUB] { MONEY($cost, currency: "RUB") }
    }
