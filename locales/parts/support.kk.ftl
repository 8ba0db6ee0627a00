## Оператормен байланыс (bot/flows/support.ts, core/services/support.ts) және оператор консолі

support-menu-operator = Оператормен байланысу
support-queued =
    Операторға қосып жатырмын. Шамамен күту уақыты — { $count ->
        [one] { $count } минут
       *[other] { $count } минут
    }. Күтіп тұрғанда сұрағыңызды жазыңыз: оператор барлық хабарламаңызды көреді. Ботқа оралу — төмендегі батырма немесе /cancel.
support-misunderstood = Бұл сұраққа өзім жауап бере алмайтын сияқтымын — әңгімені маманға беремін.
support-leave = Ботқа оралу
support-left = Сіз оператор кезегінен шықтыңыз, енді қайтадан ботпен сөйлесіп отырсыз.
support-still-with-operator = Қазір сіз оператормен сөйлесіп отырсыз — хабарламаңызды жаза беріңіз. Ботқа оралу — төмендегі батырма немесе /cancel.
support-taken = Оператор { $name } әңгімеге қосылды.
support-operator-message = { $name }: { $text }
support-returned = Оператор әңгімені ботқа қайтарды. Тағы немен көмектесе аламын?
support-closed = Оператор әңгімені аяқтады. Сұрақтарыңыз болса, жазыңыз — мен осындамын.
support-menu = Мәзір

## Веб-чат: оператормен байланыс батырмалары мен белгілері

webchat-ask-operator = Оператор
webchat-ask-operator-hint = Оператормен байланысу
webchat-operator-badge = Оператор
webchat-language = Тіл
webchat-messages = Хабарламалар
webchat-message-label = Хабарлама

## Оператор консолі (/operator)

op-title = Оператор консолі
op-login-heading = Операторлар үшін кіру
op-login-field = Логин
op-password-field = Құпиясөз
op-login-submit = Кіру
op-login-failed = Логин немесе құпиясөз қате.
op-login-throttled = Сәтсіз кіру әрекеттері тым көп. 15 минуттан кейін қайталап көріңіз.
op-csrf-failed = Пішін ескірді. Бетті жаңартып, әрекетті қайталаңыз.
op-logout = Шығу
op-signed-in-as = Сіз { $name } ретінде кірдіңіз
op-live-hint = Тізім бірнеше секунд сайын өзі жаңарады.
op-waiting-heading = Операторды күтуде
op-mine-heading = Менің әңгімелерім
op-others-heading = Басқа операторларда
op-tasks-heading = Қоңыраулар және SOS
op-empty = Бос.
op-col-waiting = Күтуде
op-col-channel = Арна
op-col-language = Тіл
op-col-reason = Себебі
op-col-last = Соңғы хабарлама
op-col-operator = Оператор
op-col-kind = Түрі
op-col-details = Толығырақ
op-col-actions = Әрекеттер
op-minutes = { $count } мин
op-take = Алу
op-open = Ашу
op-done = Дайын
op-reason-user-request = операторды сұрады
op-reason-misunderstood = бот екі рет түсінбеді
op-kind-chat = чат
op-kind-call-task = қоңырау
op-kind-sos = SOS
op-kind-callback = кері қоңырау
op-kind-integration-failure = интеграция ақауы
op-channel-telegram = Telegram
op-channel-webchat = Веб-чат
op-error-taken = Бұл әңгімені басқа оператор алып қойған: { $name }.
op-error-finished = Бұл әңгіме аяқталған.
op-error-not-yours = Алдымен әңгімені алыңыз.
op-error-empty = Жауап мәтінін жазыңыз.
op-error-not-found = Мұндай өтінім жоқ.
op-back = ← Кезекке
op-ticket-heading = Әңгіме
op-status-waiting = операторды күтуде
op-status-taken = { $name } операторда
op-status-returned = ботқа қайтарылды
op-status-closed = жабылды
op-status-label = Күйі
op-client-heading = Клиент
op-client-unknown = Клиент бұл чатта әлі полиске байланыстырылмаған.
op-client-name = ТАӘ
op-client-iin = ЖСН
op-client-phone = Телефон
op-client-email = E-mail
op-policies-heading = Полистер
op-policies-none = Полистер жоқ.
op-policy-cooling-off = { $number } «{ $product }»: қорғаныс басталатын күн: { DATE($start) }
op-policy-active = { $number } «{ $product }»: қолданылу мерзімі: { DATE($end) } дейін
op-policy-expired = { $number } «{ $product }»: аяқталған күні: { DATE($end) }
op-bills-heading = Шоттар
op-bills-none = Шоттар жоқ.
op-bill-unpaid = төленбеген
op-bill-paid = төленген
op-bill-overdue = мерзімі өткен
op-messages-heading = Хабарламалар
op-messages-none = Әзірге хабарламалар жоқ.
op-from-user = Клиент
op-from-bot = Бот
op-from-operator = Оператор
op-reply-label = Клиентке жауап
op-reply-send = Жіберу
op-return = Ботқа қайтару
op-close = Әңгімені жабу
op-task-details = Өтінім мәліметтері
op-skip = Мазмұнға өту
op-reason-label = Себебі
