# E-mail and «Приложение 1» (core/integrations, workers/telemed.ts). Kazakh.
# Parameters are plain strings prepared by the caller (dates are YYYY-MM-DD days, formatted here with DATE()).

## The activation e-mail

mail-annex1-subject = «{ $product }» № { $policyNumber } полисі белсендірілді: «Онлайн доктор» кабинетіне кіру
mail-greeting = Сәлеметсіз бе, { $fullName }!
mail-activated = «{ $product }» № { $policyNumber } полисі белсендірілді. Белсендіру күні: { DATE($activationDate) }.
mail-credentials-new = Сізге «Онлайн доктор» жеке кабинеті ашылды. Кіру деректері:
mail-login = Логин: { $login }
mail-password = Құпиясөз: { $password }
mail-password-advice = Осы хатты сақтап қойыңыз. Құпиясөзді жеке кабинетте өзгертуге болады.
mail-credentials-existing = «Онлайн доктор» жеке кабинетіне бірінші хатта жіберілген логин және құпиясөз арқылы кіріңіз: барлық полистеріңіз бір жеке кабинетте көрінеді.
mail-cabinet = Жеке кабинет kis.onlinedoctor.ru сайтында және «Онлайн доктор» мобильді қосымшасында (App Store, Google Play) қолжетімді.
mail-coverage = Сақтандыру қорғанысының мерзімі: { DATE($coverageStart) } – { DATE($coverageEnd) } (қоса алғанда).
mail-cooling-off = Сақтандыру қорғанысы басталғанға дейін ({ DATE($coverageStart) }) дәрігерлердің кеңестері қолжетімді, бірақ олардың ақысын өзіңіз төлейсіз.
mail-attachment = Хатқа полиске 1-қосымша (белсендіру кезінде берілетін ақпарат) тіркелген.
mail-signature = Сіздің денсаулығыңызға деген қамқорлықпен, { $insurer }
mail-annex1-file-name = 1-қосымша — полис { $policyNumber }.pdf

## Generic notices sent by e-mail (core/notify/email-sender.ts)

mail-subject-default = Сақтандыру көмекшісінен хабарлама
mail-footer = Бұл хат автоматты түрде жіберілді, оған жауап берудің қажеті жоқ.

## «Приложение 1» (PDF)

annex1-title = «{ $product }» № { $policyNumber } полисіне 1-қосымша
annex1-subtitle = Белсендіру кезінде берілетін ақпарат
annex1-policy-number = Полис нөмірі: { $policyNumber }
annex1-product = Өнім: { $product }
annex1-insured = Сақтандырылушы: { $fullName }
annex1-iin = Сақтандырылушының ЖСН-і: { $iin }
annex1-login = E-mail («Онлайн доктор» жеке кабинетіндегі логин): { $login }
annex1-activation-date = Белсендіру күні: { DATE($activationDate) }
annex1-coverage-start = Сақтандыру қорғанысының басталуы: { DATE($coverageStart) }
annex1-coverage-end = Сақтандыру қорғанысының аяқталуы: { DATE($coverageEnd) }
annex1-important = МАҢЫЗДЫ
annex1-cooling-off = Сақтандыру қорғанысы белсендірілген күннен бастап { $coolingOffDays } күннен кейін әрекет ете бастайды (басталу күні: { DATE($coverageStart) }). Осы күнге дейін «Онлайн доктор» платформасының дәрігерлерімен кеңесе аласыз, алайда бұл қызметтердің ақысын өзіңіз төлейсіз.
annex1-one-insured = «{ $product }» полисі бір сақтандырылушыға қатысты әрекет етеді. Егер Сізде мұндай бірнеше полис болса, жеке кабинетке бірінші хатта жіберілген логин және құпиясөз арқылы кіріңіз: онда барлық полистеріңіз көрінеді.
annex1-separate-emails = Егер Сіз бір мезгілде «Детский доктор» және «Личный врач» полистерін сатып алсаңыз, өнімнің әрқайсысы үшін бөлек электронды мекенжай көрсетіңіз.
annex1-how-title = КЕҢЕСТІ ҚАЛАЙ АЛУҒА БОЛАДЫ
annex1-how-site = kis.onlinedoctor.ru сайты арқылы: мәтіндік чат, аудио және бейнеқоңырау (бейнекамера мен микрофон қажет).
annex1-how-app = «Онлайн доктор» мобильді қосымшасы арқылы (iPhone үшін App Store, Android үшін Google Play): мәтіндік чат, аудио және бейнеқоңырау.
annex1-cabinet-title = ЖЕКЕ КАБИНЕТІҢІЗДЕ
annex1-cabinet-duty = Кезекші дәрігерлердің кеңестері — тәулік бойы.
annex1-cabinet-specialists = Бейінді дәрігерлердің кеңестері — кезекші дәрігер тағайындаған уақытта.
annex1-cabinet-history = Қаралу тарихы, медициналық құжаттардың сканкөшірмелерін және фотографияларын жүктеу.
annex1-unlimited = Қаралу саны шектеусіз. Сақтандыру қорғанысының мерзімі — { $coverageMonths } ай.
annex1-signature = Сіздің денсаулығыңызға деген қамқорлықпен, { $insurer }
