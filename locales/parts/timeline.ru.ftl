# Timelines (issue 7, docs/timelines.md): bill reminders, overdue transfer, coverage expiry, monthly
# digest, contact-change duty. Русский. Amounts are minor units ($amount, $currency), dates 'YYYY-MM-DD'.
# A notice has a chat text `<id>`, an SMS `<id>-sms` and an e-mail `<id>-email` with `<id>-email-subject`.

timeline-money = { $currency ->
        [KZT] { MONEY($amount, currency: "KZT") }
       *[RUB] { MONEY($amount, currency: "RUB") }
    }
timeline-pay-button = Оплатить
timeline-working-days = { $days ->
        [one] { $days } рабочий день
        [few] { $days } рабочих дня
       *[many] { $days } рабочих дней
    }

## Bill reminders (params: number, amount, currency, date = due day, days = working days left, url)

timeline-bill-reminder = Напоминание: счёт № { $number } на { timeline-money } по франшизе ДМС нужно оплатить до { DATE($date) } включительно (осталось { timeline-working-days }). Оплатить: { $url } — или откройте «Мои счета».
timeline-bill-reminder-sms = Франшиза ДМС: счёт { $number } на { timeline-money }, оплатить до { DATE($date) }: { $url }
timeline-bill-reminder-email-subject = Напоминание: счёт № { $number } нужно оплатить до { DATE($date) }
timeline-bill-reminder-email =
    Здравствуйте!

    Напоминаем: счёт № { $number } на { timeline-money } по франшизе ДМС ещё не оплачен.
    Оплатить безналичным платежом нужно до { DATE($date) } включительно — осталось { timeline-working-days }.
    Оплатить: { $url }
    Если Вы уже оплатили счёт, не обращайте внимания на это письмо.

timeline-bill-due = Сегодня, { DATE($date) }, последний день оплаты счёта № { $number } на { timeline-money }. Без оплаты до 24:00 со следующего дня Вы будете переведены на индивидуальную программу только с экстренной помощью, а на долг начнёт начисляться неустойка. Оплатить: { $url }
timeline-bill-due-sms = Франшиза ДМС: сегодня последний день оплаты счёта { $number } на { timeline-money }: { $url }
timeline-bill-due-email-subject = Сегодня последний день оплаты счёта № { $number }
timeline-bill-due-email =
    Здравствуйте!

    Сегодня, { DATE($date) }, последний день оплаты счёта № { $number } на { timeline-money } по франшизе ДМС.
    Если счёт не будет оплачен до 24:00, со следующего дня страховщик переведёт Вас на индивидуальную программу, предусматривающую только экстренную медицинскую помощь, и вправе взыскать долг и неустойку.
    Оплатить: { $url }

## Overdue (params as above plus moved = yes | no, hasPhone = yes | no, phone = emergency number)

timeline-bill-overdue = Счёт № { $number } на { timeline-money } не оплачен в срок (до { DATE($date) }). { $moved ->
        [yes] Вы переведены на индивидуальную программу: доступна только экстренная медицинская помощь через медицинский пульт страховщика{ $hasPhone ->
            [yes] {" "}по телефону { $phone }
           *[no] {""}
        }.
       *[no] Программа обслуживания уже ограничена экстренной помощью.
    } На долг начисляется неустойка. Оплатить: { $url }
timeline-bill-overdue-sms = ДМС: счёт { $number } на { timeline-money } просрочен. { $moved ->
        [yes] Доступна только экстренная помощь
       *[no] Начисляется неустойка
    }. Оплатить: { $url }
timeline-bill-overdue-email-subject = Счёт № { $number } просрочен
timeline-bill-overdue-email =
    Здравствуйте!

    Счёт № { $number } на { timeline-money } по франшизе ДМС не оплачен в срок (до { DATE($date) } включительно).
    { $moved ->
        [yes] Поэтому страховщик перевёл Вас на индивидуальную программу, предусматривающую оказание экстренной медицинской помощи путём обращения на медицинский пульт страховщика{ $hasPhone ->
            [yes] {" "}({ $phone })
           *[no] {""}
        }.
       *[no] Ваша программа уже ограничена экстренной помощью.
    }
    На сумму долга начисляется неустойка; страховщик вправе взыскать долг в порядке, предусмотренном законодательством.
    Оплатить: { $url }

## Coverage expiry (params: number, product, end = last day, days)

timeline-coverage-expiry = Страховая защита по полису { $number } («{ $product }») заканчивается: последний день — { DATE($end) } ({ $days ->
        [one] остался { $days } день
        [few] осталось { $days } дня
       *[many] осталось { $days } дней
    }). Чтобы консультации врачей и дальше были бесплатными, приобретите новый полис заранее.
timeline-coverage-expiry-sms = Полис { $number } («{ $product }») действует по { DATE($end) } включительно.
timeline-coverage-expiry-email-subject = Полис { $number } действует до { DATE($end) }
timeline-coverage-expiry-email =
    Здравствуйте!

    Страховая защита по полису { $number } («{ $product }») действует по { DATE($end) } включительно.
    После этой даты консультации врачей «Онлайн доктор» придётся оплачивать самостоятельно. Чтобы защита не прерывалась, приобретите и активируйте новый полис заранее.

## Monthly digest (params: count = unpaid bills, amount, currency)

timeline-digest = Ежемесячное напоминание: загляните в личный кабинет — «Мои счета» и данные полиса. { $count ->
        [0] Неоплаченных счетов нет.
        [one] У Вас { $count } неоплаченный счёт на { timeline-money }.
        [few] У Вас { $count } неоплаченных счёта на { timeline-money }.
       *[many] У Вас { $count } неоплаченных счетов на { timeline-money }.
    }
timeline-digest-sms = ДМС: загляните в личный кабинет, «Мои счета».{ $count ->
        [0] {""}
       *[other] {" "}Не оплачено: { timeline-money }.
    }

## Contact change duty (params: kind = phone | email, date = day of the change, deadline)

timeline-contact-duty = { DATE($date) } в наших данных изменился { $kind ->
        [email] адрес электронной почты
       *[phone] номер телефона
    }. Об изменении нужно сообщить страховщику не позднее 5 календарных дней — до { DATE($deadline) } включительно. Если это Ваши новые данные, подтвердите их в разделе «Мои контакты»; если нет — напишите нам в чат.
timeline-contact-duty-sms = ДМС: { DATE($date) } изменился { $kind ->
        [email] ваш e-mail
       *[phone] ваш номер
    }. Подтвердите до { DATE($deadline) } в чате.
timeline-contact-duty-email-subject = Изменились Ваши контактные данные
timeline-contact-duty-email =
    Здравствуйте!

    { DATE($date) } в наших данных изменился { $kind ->
        [email] адрес электронной почты
       *[phone] номер телефона
    }.
    По правилам программы об изменении нужно сообщить страховщику не позднее 5 календарных дней — до { DATE($deadline) } включительно. Если это Ваши новые данные, подтвердите их в чате с ассистентом («Мои контакты»); если нет — напишите нам.

## Operator console: reason of a reminder call task (SupportTicket call_task)

op-reason-bill-reminder = напоминание об оплате счёта
