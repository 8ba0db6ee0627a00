# E-mail and «Приложение 1» (core/integrations, workers/telemed.ts). Russian.
# Parameters are plain strings prepared by the caller (dates are YYYY-MM-DD days, formatted here with DATE()).

## The activation e-mail

mail-annex1-subject = Полис «{ $product }» № { $policyNumber } активирован: доступ к «Онлайн доктор»
mail-greeting = Здравствуйте, { $fullName }!
mail-activated = Полис «{ $product }» № { $policyNumber } активирован { DATE($activationDate) }.
mail-credentials-new = Для Вас открыт личный кабинет «Онлайн доктор». Данные для входа:
mail-login = Логин: { $login }
mail-password = Пароль: { $password }
mail-password-advice = Сохраните это письмо. Пароль можно сменить в личном кабинете.
mail-credentials-existing = Для входа в личный кабинет «Онлайн доктор» используйте логин и пароль из Вашего первого письма: все Ваши полисы видны в одном личном кабинете.
mail-cabinet = Личный кабинет доступен на сайте kis.onlinedoctor.ru и в мобильном приложении «Онлайн доктор» (App Store, Google Play).
mail-coverage = Страховая защита действует с { DATE($coverageStart) } по { DATE($coverageEnd) } включительно.
mail-cooling-off = До { DATE($coverageStart) } консультации врачей доступны, но оплачиваются Вами самостоятельно.
mail-attachment = Во вложении — Приложение 1 к полису (информация, предоставляемая при активации).
mail-signature = С заботой о Вашем здоровье, { $insurer }
mail-annex1-file-name = Приложение 1 — полис { $policyNumber }.pdf

## Generic notices sent by e-mail (core/notify/email-sender.ts)

mail-subject-default = Сообщение от страхового ассистента
mail-footer = Это письмо отправлено автоматически, отвечать на него не нужно.

## «Приложение 1» (PDF)

annex1-title = Приложение 1 к полису «{ $product }» № { $policyNumber }
annex1-subtitle = Информация, предоставляемая при активации
annex1-policy-number = Номер полиса: { $policyNumber }
annex1-product = Продукт: { $product }
annex1-insured = Застрахованный: { $fullName }
annex1-iin = ИИН застрахованного: { $iin }
annex1-login = E-mail (логин в личном кабинете «Онлайн доктор»): { $login }
annex1-activation-date = Дата активации: { DATE($activationDate) }
annex1-coverage-start = Начало страховой защиты: { DATE($coverageStart) }
annex1-coverage-end = Окончание страховой защиты: { DATE($coverageEnd) }
annex1-important = ВАЖНО
annex1-cooling-off = Страховая защита начинает действовать через { $coolingOffDays ->
        [one] { $coolingOffDays } день
        [few] { $coolingOffDays } дня
       *[other] { $coolingOffDays } дней
    } с даты активации — { DATE($coverageStart) }. До этой даты Вы можете пользоваться консультациями врачей платформы «Онлайн доктор», но оплачиваете их самостоятельно.
annex1-one-insured = Полис «{ $product }» действует в отношении одного застрахованного. Если у Вас несколько таких полисов, входите в личный кабинет по логину и паролю из первого письма: в нём видны все Ваши полисы.
annex1-separate-emails = Если Вы приобретаете одновременно полисы «Детский доктор» и «Личный врач», указывайте разные адреса электронной почты для каждого из продуктов.
annex1-how-title = КАК ПОЛУЧИТЬ КОНСУЛЬТАЦИЮ
annex1-how-site = Через сайт kis.onlinedoctor.ru: текстовый чат, аудио- и видеозвонок (нужны камера и микрофон).
annex1-how-app = Через мобильное приложение «Онлайн доктор» (App Store для iPhone, Google Play для Android): текстовый чат, аудио- и видеозвонок.
annex1-cabinet-title = В ЛИЧНОМ КАБИНЕТЕ
annex1-cabinet-duty = Консультации дежурных врачей — круглосуточно.
annex1-cabinet-specialists = Консультации профильных врачей — в назначенное дежурным врачом время.
annex1-cabinet-history = История обращений, загрузка скан-копий и фотографий медицинских документов.
annex1-unlimited = Количество обращений не ограничено. Срок страховой защиты — { $coverageMonths } мес.
annex1-signature = С заботой о Вашем здоровье, { $insurer }
