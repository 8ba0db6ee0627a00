## Back office: file imports (bot/admin/imports.ts)
backoffice-import-title = Файлдарды импорттау
backoffice-import-hint = Командалық жолдағы (npm run cli) импортпен бірдей: қандай да бір қате болса, ештеңе жазылмайды, ал есепте жол, өріс және себеп көрсетіледі. Сол файлды қайта импорттау қайталанатын жазбалар жасамайды.
backoffice-import-kind = Не жүктейміз
backoffice-import-kind-policies = Белсендіру кодтары бар полистер (CSV)
backoffice-import-kind-roster = Жұмыс берушінің қызметкерлер тізімі (CSV)
backoffice-import-kind-clinics = Емханалар (CSV)
backoffice-import-kind-invoices = Емхана шоттары (CSV немесе XLSX), содан кейін франшиза шоттарын шығару
backoffice-import-employer = Жұмыс берушінің коды (тек қызметкерлер тізімі үшін)
backoffice-import-file = Файл
backoffice-import-submit = Жүктеу
backoffice-import-done = Импортталды
backoffice-import-refused = Импортталмады, ештеңе жазылмады
backoffice-import-no-file = Не жүктейтініңізді таңдап, файлды тіркеңіз.
backoffice-import-too-large = Файл бет арқылы жүктеу үшін тым үлкен: npm run cli пайдаланыңыз.
backoffice-import-cross-site = Сұрау басқа сайттан келді және қабылданбады. Импорт бетін қайта ашыңыз.
