# Telegram channel (bot/channels/telegram). Russian.

tg-cmd-start = Начать и активировать полис
tg-cmd-language = Сменить язык / Тілді ауыстыру
tg-cmd-status = Статус моих полисов
tg-cmd-help = Что умеет ассистент
tg-cmd-cancel = Отменить текущее действие
tg-cmd-bills = Мои счета по франшизе ДМС
tg-cmd-registration = Регистрация сотрудника в ДМС
tg-cmd-franchise = Активировать франшизу ДМС
tg-cmd-clinics = Клиники рядом
tg-cmd-sos = SOS: экстренная помощь
tg-cmd-operator = Связаться с оператором
tg-cmd-faq = Частые вопросы
tg-share-contact = 📱 Отправить мой номер
tg-share-location = 📍 Отправить местоположение
tg-error = Извините, что-то пошло не так. Попробуйте, пожалуйста, ещё раз чуть позже.
tg-unsupported = Я понимаю текст, кнопки, номер телефона, местоположение и файлы. Напишите, пожалуйста, сообщением.
tg-private-only = Я работаю только в личной переписке. Напишите мне напрямую.
