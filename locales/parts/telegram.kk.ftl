# Telegram channel (bot/channels/telegram). Kazakh.

tg-cmd-start = Бастау және полисті белсендіру
tg-cmd-language = Тілді ауыстыру / Сменить язык
tg-cmd-status = Полистерімнің мәртебесі
tg-cmd-help = Көмекші не істей алады
tg-cmd-cancel = Ағымдағы әрекетті болдырмау
tg-cmd-bills = ЕМС франшизасы бойынша шоттарым
tg-cmd-registration = Қызметкерді ЕМС-ке тіркеу
tg-cmd-franchise = ЕМС франшизасын белсендіру
tg-cmd-clinics = Жақын емханалар
tg-cmd-sos = SOS: шұғыл көмек
tg-cmd-operator = Операторға жазу
tg-cmd-faq = Жиі қойылатын сұрақтар
tg-share-contact = 📱 Нөмірімді жіберу
tg-share-location = 📍 Орналасқан жерді жіберу
tg-error = Кешіріңіз, бірдеңе дұрыс болмады. Біраз уақыттан кейін қайталап көріңіз.
tg-unsupported = Мен мәтінді, батырмаларды, телефон нөмірін, орналасқан жерді және файлдарды түсінемін. Хабарлама жазыңыз.
tg-private-only = Мен тек жеке хат алмасуда жұмыс істеймін. Маған тікелей жазыңыз.
