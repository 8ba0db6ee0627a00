## Связь с оператором (bot/flows/support.ts, core/services/support.ts) и консоль оператора

support-menu-operator = Связаться с оператором
support-queued =
    Соединяю с оператором. Примерное время ожидания — { $count ->
        [one] { $count } минута
        [few] { $count } минуты
       *[many] { $count } минут
    }. Пока ждёте, опишите вопрос: оператор увидит все ваши сообщения. Вернуться к боту — кнопка ниже или /cancel.
support-misunderstood = Похоже, я не могу разобраться с вашим вопросом сам — передаю разговор специалисту.
support-leave = Вернуться к боту
support-left = Вы вышли из очереди к оператору и снова общаетесь с ботом.
support-still-with-operator = Сейчас вы в чате с оператором — просто напишите сообщение. Вернуться к боту — кнопка ниже или /cancel.
support-taken = Оператор { $name } подключился к разговору.
support-operator-message = { $name }: { $text }
support-returned = Оператор вернул разговор боту. Чем ещё могу помочь?
support-closed = Оператор завершил разговор. Если появятся вопросы — напишите, я на связи.
support-menu = Меню

## Веб-чат: кнопки и подписи для связи с оператором

webchat-ask-operator = Оператор
webchat-ask-operator-hint = Связаться с оператором
webchat-operator-badge = Оператор
webchat-language = Язык
webchat-messages = Сообщения
webchat-message-label = Сообщение

## Консоль оператора (/operator)

op-title = Консоль оператора
op-login-heading = Вход для операторов
op-login-field = Логин
op-password-field = Пароль
op-login-submit = Войти
op-login-failed = Неверный логин или пароль.
op-login-throttled = Слишком много неудачных попыток входа. Попробуйте через 15 минут.
op-csrf-failed = Форма устарела. Обновите страницу и повторите действие.
op-logout = Выйти
op-signed-in-as = Вы вошли как { $name }
op-live-hint = Список обновляется сам каждые несколько секунд.
op-waiting-heading = Ожидают оператора
op-mine-heading = Мои разговоры
op-others-heading = У других операторов
op-tasks-heading = Звонки и SOS
op-empty = Пусто.
op-col-waiting = Ждёт
op-col-channel = Канал
op-col-language = Язык
op-col-reason = Причина
op-col-last = Последнее сообщение
op-col-operator = Оператор
op-col-kind = Тип
op-col-details = Подробности
op-col-actions = Действия
op-minutes = { $count } мин
op-take = Взять
op-open = Открыть
op-done = Готово
op-reason-user-request = попросил оператора
op-reason-misunderstood = бот не понял дважды
op-kind-chat = чат
op-kind-call-task = звонок
op-kind-sos = SOS
op-kind-callback = обратный звонок
op-kind-integration-failure = сбой интеграции
op-channel-telegram = Telegram
op-channel-webchat = Веб-чат
op-error-taken = Этот разговор уже взял другой оператор: { $name }.
op-error-finished = Этот разговор уже завершён.
op-error-not-yours = Сначала возьмите разговор.
op-error-empty = Напишите текст ответа.
op-error-not-found = Такой заявки нет.
op-back = ← К очереди
op-ticket-heading = Разговор
op-status-waiting = ждёт оператора
op-status-taken = в работе у { $name }
op-status-returned = возвращён боту
op-status-closed = закрыт
op-status-label = Статус
op-client-heading = Клиент
op-client-unknown = Клиент ещё не привязан к полису в этом чате.
op-client-name = ФИО
op-client-iin = ИИН
op-client-phone = Телефон
op-client-email = E-mail
op-policies-heading = Полисы
op-policies-none = Полисов нет.
op-policy-cooling-off = { $number } «{ $product }»: защита начнётся { DATE($start) }
op-policy-active = { $number } «{ $product }»: действует по { DATE($end) }
op-policy-expired = { $number } «{ $product }»: закончился { DATE($end) }
op-bills-heading = Счета
op-bills-none = Счетов нет.
op-bill-unpaid = не оплачен
op-bill-paid = оплачен
op-bill-overdue = просрочен
op-messages-heading = Сообщения
op-messages-none = Сообщений пока нет.
op-from-user = Клиент
op-from-bot = Бот
op-from-operator = Оператор
op-reply-label = Ответ клиенту
op-reply-send = Отправить
op-return = Вернуть боту
op-close = Закрыть разговор
op-task-details = Подробности заявки
op-skip = К содержимому
op-reason-label = Причина
