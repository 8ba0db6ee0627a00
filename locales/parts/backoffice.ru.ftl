## Back office: file imports (bot/admin/imports.ts)
backoffice-import-title = Импорт файлов
backoffice-import-hint = Тот же импорт, что и в командной строке (npm run cli): при любой ошибке не записывается ничего, а отчёт называет строку, поле и причину. Повторный импорт того же файла дублей не создаёт.
backoffice-import-kind = Что загружаем
backoffice-import-kind-policies = Полисы с кодами активации (CSV)
backoffice-import-kind-roster = Список сотрудников работодателя (CSV)
backoffice-import-kind-clinics = Клиники (CSV)
backoffice-import-kind-invoices = Счета клиник (CSV или XLSX), затем выставить счета франшизы
backoffice-import-employer = Код работодателя (только для списка сотрудников)
backoffice-import-file = Файл
backoffice-import-submit = Загрузить
backoffice-import-done = Импортировано
backoffice-import-refused = Не импортировано, ничего не записано
backoffice-import-no-file = Выберите, что загружаем, и приложите файл.
backoffice-import-too-large = Файл слишком большой для загрузки через страницу: используйте npm run cli.
backoffice-import-cross-site = Запрос пришёл с другого сайта и отклонён. Откройте страницу импорта заново.
