## Ошибки импорта файлов (список сотрудников в Slack): коды core/import-issues.ts

import-issue-where-line = строка { $line }
import-issue-where-file = файл
import-issue-file-not-utf8 = файл не в кодировке UTF-8 (в Excel: «Сохранить как» → «CSV UTF-8»)
import-issue-file-empty = файл пустой
import-issue-file-unreadable = файл не читается как CSV: { $error }
import-issue-file-no-rows = в файле есть заголовок, но нет ни одной строки
import-issue-header-missing = в заголовке нет колонки «{ $column }»
import-issue-header-unknown = неизвестная колонка «{ $column }» (ожидаются: { $expected })
import-issue-header-repeated = колонка «{ $column }» указана дважды
import-issue-field-count = полей в строке: { $count }, а в заголовке: { $expected } (разделитель «{ $delimiter }»)
import-issue-duplicate = повтор в файле: { $value } уже есть в строке { $previous }
import-issue-value-empty = поле не заполнено
import-issue-value-too-long = длиннее { $max } символов
import-issue-employee-number-format = неверный формат: буквы и цифры, например T-001
import-issue-full-name-format = нужны фамилия и имя
import-issue-date-format = неверный формат даты: ГГГГ-ММ-ДД или ДД.ММ.ГГГГ
import-issue-date-invalid = такой даты нет в календаре: { $value }
import-issue-birth-date-implausible = неправдоподобная дата рождения: { $value }
import-issue-phone-format = это не номер телефона: допустимы цифры, пробелы, дефисы, скобки и «+» в начале
import-issue-phone-length = это не номер +7: нужно 10 цифр (или 11, начиная с 7 или 8)
import-issue-phone-country = принимаются только номера +7 (Казахстан, Россия)
import-issue-phone-prefix = неверный номер +7: 10-значный номер не начинается с 0 или 1
import-issue-policy-number-format = неверный формат: заглавные латинские буквы и цифры через «-» или «/» (например, DMS-300001)
import-issue-phone-taken = номер { $value } уже указан у сотрудника { $owner } этого работодателя
import-issue-policy-taken = полис { $value } уже указан у сотрудника { $owner } этого работодателя
import-issue-unknown-employer = неизвестный работодатель «{ $employer }»
