# HR staff in Slack (bot/channels/slack, core/notify/slack-sender.ts, core/services/hr*.ts). Russian.
# Amounts arrive formatted (core/i18n formatAmount); dates as YYYY-MM-DD for DATE().

## Summary (no argument, Home tab)

hr-summary-title = Франшиза ДМС — { $employer }
hr-summary-asof = Данные на { DATE($date) }
hr-field-roster = Сотрудников в списке
hr-field-registered = Зарегистрированы в ДМС
hr-field-franchise-active = Франшиза активна
hr-field-franchise-pending = Франшиза вступит в силу
hr-field-emergency = Переведены на экстренную помощь
hr-field-debt = Общий долг по франшизе
hr-field-debt-value = { $amount } ({ $bills } сч., { $debtors } сотр.)
hr-field-overdue = Просрочено
hr-field-overdue-value = { $amount } ({ $bills } сч., { $debtors } сотр.)
hr-field-penalty = Пени на сегодня (расчёт)

## Debtors

hr-debtors-title = Должники — { $employer }
hr-debtors-none = Долгов по франшизе нет.
hr-debtors-more = …и ещё { $count }. Полный список — в отчёте: `{ $command } report`.
hr-debtor-number = таб. № { $number }
hr-debtor-debt = Долг: { $amount }
hr-debtor-days = { $days ->
        [0] Срок оплаты не истёк
       *[other] Просрочка: { $days } дн.
    }
hr-status-active = Программа с франшизой
hr-status-emergency_only = Только экстренная помощь
hr-status-none = Не зарегистрирован

## One employee

hr-employee-usage = Укажите табельный номер: `{ $command } employee T-001`.
hr-employee-not-found = Сотрудник с табельным номером { $number } не найден среди сотрудников { $employer }.
hr-employee-title = { $name }, таб. № { $number }
hr-employee-left = Исключён из списка сотрудников.
hr-employee-not-registered = Не зарегистрирован в личном кабинете ДМС.
hr-employee-franchise-none = Франшиза не активирована.
hr-employee-franchise-pending = Франшиза вступит в силу { DATE($date) }.
hr-employee-franchise-active = Франшиза активна с { DATE($date) }.
hr-employee-emergency = Переведён на экстренную помощь с { DATE($date) }.
hr-employee-debt = Долг: { $amount }, пени на сегодня: { $penalty }
hr-employee-no-bills = Счетов по франшизе нет.
hr-employee-bill = Счёт № { $number } за { $period }: { $amount }, оплатить до { DATE($due) } — { $state }
hr-state-unpaid = не оплачен
hr-state-overdue = просрочен на { $days } дн.
hr-state-paid = оплачен { DATE($date) }

## Debt report (XLSX)

hr-report-comment = Отчёт о задолженности по франшизе — { $employer }, на { DATE($date) }.
hr-report-uploaded = Отчёт о задолженности загружен в канал.
hr-report-not-in-channel = Не удалось загрузить файл: пригласите бота в этот канал (`/invite`) и повторите.
hr-report-failed = Не удалось загрузить отчёт ({ $error }). Попробуйте позже.
hr-report-monthly = Ежемесячный отчёт за { $month } — { $employer }: общий долг { $amount }, из него просрочено { $overdue } ({ $debtors } сотр.). Досудебное урегулирование задолженности по франшизе — на работодателе. Файл — в ответе.
hr-report-sheet = Задолженность
hr-report-sheet-summary = Итоги
hr-report-heading = Задолженность по франшизе ДМС: { $employer }, на { DATE($date) }
hr-col-number = Таб. №
hr-col-name = ФИО
hr-col-status = Программа
hr-col-bill = Счёт
hr-col-period = Период
hr-col-issued = Выставлен
hr-col-due = Оплатить до
hr-col-days = Дней просрочки
hr-col-amount = Сумма
hr-col-penalty = Пени (расчёт)
hr-col-state = Состояние
hr-col-currency = Валюта
hr-report-total = Итого

## Roster from a CSV shared in the channel

hr-roster-no-file = В канале нет CSV-файла со списком сотрудников. Загрузите файл в канал (колонки employee_number,full_name,birth_date,phone[,policy_number]) и повторите `{ $command } roster`.
hr-roster-file-not-here = Файл { $file } не найден в этом канале.
hr-roster-download-failed = Не удалось скачать файл { $file }: { $error }
hr-roster-done = Список сотрудников { $employer } загружен из { $file }: новых { $created }, обновлено { $updated }, без изменений { $unchanged }.
hr-roster-rejected = Файл { $file } не загружен, ничего не изменено. Ошибки ({ $count }):

## Alerts and language

hr-alert-emergency = :warning: { $name } (таб. № { $number }) переведён(а) на индивидуальную программу «только экстренная помощь» с { DATE($date) } из-за неоплаченной франшизы. Долг: { $debtAmount }. Досудебное урегулирование задолженности — на работодателе.
hr-alert-debt-paid = :white_check_mark: { $name } (таб. № { $number }) оплатил(а) просроченную франшизу по счетам { $bills }: { $paidAmount }. { $left ->
        [0] Долга по франшизе больше нет.
       *[other] Остаток долга: { $leftAmount }.
    } Взыскивать оплаченные счета больше не нужно.
hr-language-set = Язык ответов, отчётов и уведомлений этого канала: русский.
hr-language-usage = Язык: `{ $command } language ru` или `{ $command } language kk`.

## Refusals and help

hr-refused-channel = Этот канал не подключён к данным работодателя. Попросите администратора подключить его.
hr-refused-user = У вас нет доступа к данным { $employer } в этом канале. Попросите администратора добавить вас.
hr-refused-home = Здесь данные видят только сотрудники HR, указанные при подключении канала. Используйте `{ $command }` в канале HR.
hr-error = Что-то пошло не так. Попробуйте ещё раз чуть позже.
hr-unknown = Не понимаю «{ $text }».
hr-help =
    Команды *{ $command }* — франшиза ДМС сотрудников { $employer }:
    • `{ $command }` — сводка: зарегистрированы, франшиза, долг, просрочка
    • `{ $command } debtors` — должники, от самой долгой просрочки
    • `{ $command } employee T-001` — счета и состояние сотрудника
    • `{ $command } report` — отчёт о задолженности (XLSX) в канал
    • `{ $command } roster` — загрузить список сотрудников из последнего CSV-файла канала
    • `{ $command } language kk` — қазақ тілінде / `language ru` — по-русски
hr-home-title = Франшиза ДМС для HR
hr-home-language = Язык ответов для { $employer }:
hr-home-hint = Команды в канале HR: `{ $command } help`.

hr-month-label = { $name } { $year }
hr-month-1 = январь
hr-month-2 = февраль
hr-month-3 = март
hr-month-4 = апрель
hr-month-5 = май
hr-month-6 = июнь
hr-month-7 = июль
hr-month-8 = август
hr-month-9 = сентябрь
hr-month-10 = октябрь
hr-month-11 = ноябрь
hr-month-12 = декабрь
