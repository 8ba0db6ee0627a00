# Franchise bills and payments (core/services/billing.ts, payments.ts, bot/flows/bills.ts,
# bot/payments/routes.ts). Russian. Amounts are minor units, shown with { billing-money } (end of file).

## Notices (outbox; params: number, amount, currency, date = due day, count = lines, url)

billing-notice = Начислена франшиза по ДМС: счёт № { $number } на { billing-money } ({ $count ->
        [one] { $count } услуга
        [few] { $count } услуги
       *[many] { $count } услуг
    }). Оплатите до { DATE($date) } включительно: { $url } — или откройте «Мои счета».
billing-notice-sms = Франшиза ДМС: счёт {$number} на { billing-money }, оплатить до { DATE($date) }: { $url }
billing-notice-email-subject = Счёт № { $number } на оплату франшизы ДМС
billing-notice-email =
    Здравствуйте!

    Страховая компания получила счета клиник за оказанные Вам медицинские услуги и начислила франшизу.
    Счёт № { $number }: { billing-money }, { $count ->
        [one] { $count } услуга
        [few] { $count } услуги
       *[many] { $count } услуг
    }.
    Оплатить безналичным платежом нужно до { DATE($date) } включительно (30 рабочих дней).
    Оплатить: { $url }
    Подробности счёта — в разделе «Мои счета» в чате с ассистентом.
billing-pay-button = Оплатить
billing-receipt = Оплата получена: { billing-money }, { $count ->
        [one] счёт
       *[other] счета
    } № { $number } — «Оплачен». Спасибо!
billing-receipt-sms = Оплата франшизы получена: { billing-money }, счета { $number }. Спасибо!
billing-receipt-email-subject = Оплата франшизы получена
billing-receipt-email =
    Здравствуйте!

    Мы получили Вашу оплату { billing-money } ({ DATE($date) }).
    Оплачены счета № { $number }. Их статус в разделе «Мои счета» — «Оплачен».

## Statuses and table files

billing-status-unpaid = Не оплачен
billing-status-paid = Оплачен
billing-status-overdue = Просрочен
billing-sheet-name = Счета
billing-col-bill = Счёт
billing-col-period = Период
billing-col-issued = Дата счёта
billing-col-due = Оплатить до
billing-col-status = Статус
billing-col-service-date = Дата услуги
billing-col-clinic = Клиника
billing-col-invoice = Счёт клиники
billing-col-service = Услуга
billing-col-quantity = Количество
billing-col-unit-cost = Цена
billing-col-cost = Стоимость
billing-col-share = Доля франшизы
billing-col-franchise = Франшиза к оплате
billing-col-currency = Валюта

## «Мои счета» (bot/flows/bills.ts)

menu-bills = Мои счета
bills-no-member = Раздел «Мои счета» доступен застрахованным по ДМС после регистрации.
bills-none = Счетов пока нет. Счёт появится, когда клиника пришлёт страховой компании счёт за оказанные услуги (обычно через 1,5–2 месяца после визита).
bills-list-header = { $count ->
        [one] У вас { $count } счёт
        [few] У вас { $count } счёта
       *[many] У вас { $count } счетов
    } (страница { $page } из { $pages }). Новые — сверху. Нажмите на счёт, чтобы посмотреть услуги.
bills-item = № { $number } · { billing-money } · { $status ->
        [paid] ✅ Оплачен
        [overdue] ⚠️ просрочен, до { DATE($date) }
       *[unpaid] до { DATE($date) }
    }
bills-prev = ‹ Назад
bills-next = Вперёд ›
bills-select-button = Выбрать счета для оплаты
bills-export-all-xlsx = Все счета в Excel
bills-export-all-csv = Все счета в CSV
bills-export-xlsx = Выгрузить в Excel
bills-export-csv = Выгрузить в CSV
bills-export-caption = Файл со счетами: одна строка — одна услуга.
bills-back-to-list = К списку счетов
bills-detail = Счёт № { $number } от { DATE($date) }
    Сумма франшизы: { billing-money }
    Статус: { $status ->
        [paid] Оплачен
        [overdue] Просрочен
       *[unpaid] Не оплачен
    }
bills-detail-due = Оплатить до { DATE($date) } включительно.
bills-detail-lines-text = { $count ->
        [one] Услуга:
       *[other] Услуги ({ $count }):
    }
    { $lines }
bills-line = { DATE($date) } · { $clinic } · { $service } · { $quantity } × { billing-money-cost } → франшиза { billing-money }
bills-lines-more = …и ещё { $count }. Полный список — в файле Excel или CSV.
bills-pay-this = Оплатить этот счёт
bills-select-header = Выберите неоплаченные счета: нажмите на счёт, чтобы отметить или снять отметку. { $count ->
        [0] Пока ничего не выбрано.
        [one] Выбран { $count } счёт на { billing-money }.
        [few] Выбрано { $count } счёта на { billing-money }.
       *[many] Выбрано { $count } счетов на { billing-money }.
    }
bills-select-none = Неоплаченных счетов нет — всё оплачено.
bills-toggle-on = ☑ № { $number } · { billing-money }
bills-toggle-off = ☐ № { $number } · { billing-money }
bills-pay-selected = Оплатить выбранные: { billing-money }
bills-pay-nothing = Сначала выберите хотя бы один счёт.
bills-already-paid = Счёт № { $number } уже оплачен — выбрать его для оплаты нельзя. Посмотреть его можно в списке счетов.
bills-not-found = Такого счёта у вас нет. Откройте список счетов заново.
bills-mixed-currency = Счета в разных валютах оплачиваются отдельно: выберите счета одной валюты.
bills-pay-link = Ссылка на оплату { billing-money } ({ $count ->
        [one] { $count } счёт
        [few] { $count } счёта
       *[many] { $count } счетов
    }) готова. После оплаты счета получат статус «Оплачен».
bills-pay-open = Перейти к оплате
bills-use-buttons = Пожалуйста, пользуйтесь кнопками под сообщением.

## Payment pages (bot/payments/routes.ts)

pay-page-title = Оплата франшизы ДМС
pay-demo-notice = Демонстрационная страница оплаты: деньги не списываются.
pay-page-amount = К оплате: { billing-money }
pay-page-bills = Счета № { $number }
pay-demo-pay = Оплатить
pay-demo-decline = Отклонить
pay-done-paid = Оплата прошла. Счета отмечены как «Оплачен». Можно вернуться в чат.
pay-done-declined = Оплата отклонена. Вы можете попробовать ещё раз по той же ссылке.
pay-done-pending = Платёж обрабатывается. Статус счёта в чате обновится в течение нескольких минут.
pay-link-paid = Эти счета уже оплачены. Спасибо!
pay-link-bill-paid = Счёт № { $number } уже оплачен, поэтому эта ссылка больше не действует. Создайте новую ссылку в разделе «Мои счета».
pay-link-expired = Ссылка на оплату устарела. Создайте новую в разделе «Мои счета».
pay-link-not-found = Ссылка на оплату не найдена.
pay-link-unavailable = Платёжный сервис сейчас не отвечает. Попробуйте, пожалуйста, через несколько минут.

## Money in the bill's currency: Fluent named arguments must be literals, so the currency is chosen here.

billing-money = { $currency ->
        [KZT] { MONEY($amount, currency: "KZT") }
       *[RUB] { MONEY($amount, currency: "RUB") }
    }
billing-money-cost = { $currency ->
        [KZT] { MONEY($cost, currency: "KZT") }
       *[RUB] { MONEY($cost, currency: "RUB") }
    }
