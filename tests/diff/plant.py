#!/usr/bin/env python3
"""plant.py BOOK CHANGE... - edits a copy of the bundled book in place to
plant the named changes (see CHANGES; "say:TEXT" puts TEXT at the top of
operator-l1's chat section). Each edit must apply exactly once."""
import os
import re
import sys

book = sys.argv[1]


def edit(path, old, new, regex=False):
    p = os.path.join(book, path)
    s = open(p, encoding='utf-8').read()
    t = re.sub(old, new, s, count=1) if regex else s.replace(old, new, 1)
    if t == s:
        sys.exit('plant.py: %s: no match for %r' % (path, old))
    open(p, 'w', encoding='utf-8').write(t)


def cut(path, start, end):
    """Removes the text from the line starting with start up to (not
    including) the line starting with end; returns it."""
    p = os.path.join(book, path)
    s = open(p, encoding='utf-8').read()
    a = s.index(start)
    b = s.index(end, a)
    open(p, 'w', encoding='utf-8').write(s[:a] + s[b:])
    return s[a:b]


def move_chat():
    text = cut('roles/operator-l1.md', '## Чат и мессенджеры', '## Ожидание и перевод звонка')
    with open(os.path.join(book, 'roles/operator-l2.md'), 'a', encoding='utf-8') as f:
        f.write('\n' + text)


def swap_general():
    # the sections "Сроки ответа" and "Три линии" change places: numbers only
    text = cut('general.md', '## Сроки ответа и решения', '## Работа с жалобами')
    edit('general.md', '## Три линии поддержки', text + '## Три линии поддержки')


CHANGES = {
    'text': lambda: edit('general.md', 'в какие сроки и к кому', 'в какие именно сроки и к кому'),
    'add': lambda: edit('roles/operator-l1.md', '## Чат и мессенджеры {#operator-l1-chat}',
                        '## Обратный звонок {#operator-l1-callback}\n\nЕсли обещали перезвонить, '
                        'перезвоните в обещанное время, даже если новостей нет.\n\n'
                        '## Чат и мессенджеры {#operator-l1-chat}'),
    'remove': lambda: cut('roles/field-tech.md', '### Если за один визит не получается', '## Сдача работы'),
    'add-duty': lambda: edit('roles/operator-l1.md', '## Чат и мессенджеры {#operator-l1-chat}',
                             '## Обещанный звонок {#operator-l1-promised-call}\n\nОператор обязан '
                             'перезвонить клиенту в обещанное время.\n\n## Чат и мессенджеры {#operator-l1-chat}'),
    'version': lambda: edit('book.lua', 'version = "2026.1"', 'version = "2026.2"'),
    'retitle': lambda: edit('roles/field-tech.md', '## Что запрещено {#field-tech-forbidden}',
                            '## Чего нельзя делать на адресе {#field-tech-forbidden}'),
    'move': move_chat,
    'redefine': lambda: edit('terms.md', 'подтверждает, что работа выполнена',
                             'своей подписью подтверждает, что работа выполнена'),
    'retitle-term': lambda: edit('terms.md', '## Клиент {#client', '## Клиент компании {#client'),
    'add-stage': lambda: open(os.path.join(book, 'journey.md'), 'a', encoding='utf-8').write(
        '\n## Повторный контакт {#aftercare owner=shift-manager}\n\nЧерез месяц клиенту звонят снова.\n'),
    'add-term': lambda: edit('terms.md', '## Акт выполненных работ',
                             '## Гарантийный срок {#warranty}\n\nСрок, в течение которого повторный '
                             'ремонт бесплатен.\n\n## Акт выполненных работ'),
    'add-role': lambda: open(os.path.join(book, 'roles/trainer.md'), 'w', encoding='utf-8').write(
        '# Наставник {#trainer level=management}\n\n## Первый день новичка {#trainer-first-day}\n\n'
        'Наставник встречает нового сотрудника в его первый день.\n'),
    'remove-role': lambda: os.remove(os.path.join(book, 'roles/billing.md')),
    'owner': lambda: edit('journey.md', 'owner=operator-l1}', 'owner=office-admin}'),
    'appearance': lambda: edit('appearance.md', '{#appearance-field roles="field-tech"}',
                               '{#appearance-field roles="field-tech office-admin"}'),
    'renumber': lambda: (swap_general(),
                         os.rename(os.path.join(book, 'roles/billing.md'), os.path.join(book, 'roles/zz-billing.md'))),
}


def say(text):
    """A paragraph of its own at the top of operator-l1's chat section."""
    edit('roles/operator-l1.md', '## Чат и мессенджеры {#operator-l1-chat}\n',
         '## Чат и мессенджеры {#operator-l1-chat}\n\n' + text + '\n')


for name in sys.argv[2:]:
    if name.startswith('say:'):
        say(name[4:])
    else:
        CHANGES[name]()
