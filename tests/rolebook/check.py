#!/usr/bin/env python3
"""check.py - checks one role's onboarding book against the full book.

usage: check.py BOOKDIR FULL_OUT ROLE_OUT ROLE_ID [FULL_URL]

Everything expected is computed here from the sources (owner=, roles=) and
from the full book's DocBook, never from the role book itself. Prints
TAP-like lines; the caller counts them."""
import os
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote

D = '{http://docbook.org/ns/docbook}'
XID = '{http://www.w3.org/XML/1998/namespace}id'
bookdir, full_out, role_out, rid = sys.argv[1:5]
full_url = sys.argv[5] if len(sys.argv) > 5 else ''
n = 0


def result(ok, what, detail=''):
    global n
    n += 1
    print(('ok %d - %s' if ok else 'not ok %d - %s') % (n, what))
    if not ok and detail:
        print('#   ' + str(detail)[:600])


def ids_under(el):
    return {e.get(XID) for e in el.iter() if e.get(XID)}


full = ET.parse(os.path.join(full_out, 'docbook', 'book.xml')).getroot()
role = ET.parse(os.path.join(role_out, 'docbook', 'book.xml')).getroot()
full_by_id = {e.get(XID): e for e in full.iter() if e.get(XID)}
role_by_id = {e.get(XID): e for e in role.iter() if e.get(XID)}
role_ids = set(role_by_id)

# The role's own standard, whole; no other role's.
roles_ch = full_by_id['roles']
for sec in roles_ch.findall(D + 'section'):
    sid = sec.get(XID)
    ids = ids_under(sec)
    if sid == rid:
        result(ids <= role_ids, 'all %d clauses of the role %s are in its book' % (len(ids), rid),
               sorted(ids - role_ids))
    else:
        result(not (ids & role_ids), "role %s's clauses are not in the book of %s" % (sid, rid),
               sorted(ids & role_ids))

# Stages: those it owns, not the others (owner= read from the source).
heading = re.compile(r'^##\s.*\{#([A-Za-z_][\w.-]*)([^}]*)\}\s*$')
owned, others = set(), set()
for line in open(os.path.join(bookdir, 'journey.md'), encoding='utf-8'):
    m = heading.match(line)
    if m:
        o = re.search(r'owner="?([\w.-]+)', m.group(2))
        (owned if o and o.group(1) == rid else others).add(m.group(1))
result(owned <= role_ids, 'the %d stages %s owns are in its book' % (len(owned), rid), sorted(owned - role_ids))
result(not (others & role_ids), 'stages owned by other roles are not', sorted(others & role_ids))

# Appearance: the sections whose roles= name it or all.
cover, nocover = set(), set()
for line in open(os.path.join(bookdir, 'appearance.md'), encoding='utf-8'):
    m = heading.match(line)
    if m:
        r = re.search(r'roles="?([^"}]+)', m.group(2))
        names = r.group(1).split() if r else []
        (cover if rid in names or 'all' in names else nocover).add(m.group(1))
result(cover <= role_ids, 'appearance sections covering %s are in' % rid, sorted(cover - role_ids))
result(not (nocover & role_ids), 'appearance sections of others are not', sorted(nocover & role_ids))

# General provisions and principles, whole.
for ch in ('general', 'principles'):
    ids = ids_under(full_by_id[ch])
    result(ids <= role_ids, 'chapter %s is whole' % ch, sorted(ids - role_ids))

# Numbers and titles as in the full book.
bad = [i for i, e in role_by_id.items()
       if e.tag == D + 'section' and (i not in full_by_id or e.get('label') != full_by_id[i].get('label'))]
result(not bad, 'every section keeps its full-book number', bad[:5])

# The glossary: exactly the terms the role book's material uses, closed
# over definitions; what "uses" means is read from the full book.


def own_terms(el):
    """glossterm linkends in el, not descending into sections (each is
    checked on its own) nor into the glossary."""
    out, stack = set(), [el]
    while stack:
        e = stack.pop()
        for c in e:
            if c.tag in (D + 'section', D + 'glossary'):
                continue
            if c.tag == D + 'glossterm' and c.get('linkend'):
                out.add(c.get('linkend'))
            stack.append(c)
    return out


entries = {e.get(XID): e for e in full.iter(D + 'glossentry')}
want = set()
for i, e in role_by_id.items():
    if e.tag in (D + 'section', D + 'chapter'):
        want |= own_terms(full_by_id[i])
todo = list(want)
while todo:
    t = todo.pop()
    for u in own_terms(entries[t].find(D + 'glossdef')) if t in entries else ():
        if u not in want:
            want.add(u)
            todo.append(u)
got = {e.get(XID) for e in role.iter(D + 'glossentry')}
result(got == want, 'the glossary is exactly the %d terms used' % len(want),
       'missing %s, extra %s' % (sorted(want - got), sorted(got - want)))

# No link in the DocBook points at an id it does not have.
dangling = sorted({e.get('linkend') for e in role.iter() if e.get('linkend')} - role_ids)
result(not dangling, 'every linkend has its target', dangling[:5])

# Every HTML link resolves: to a page and anchor of the role book, or to
# the full book's address (only when one is given).


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if 'id' in a:
            self.ids.add(a['id'])
        if tag == 'a' and a.get('href'):
            self.hrefs.append(a['href'])


html_dir = os.path.join(role_out, 'html')
pages = {}
for f in sorted(os.listdir(html_dir)):
    if f.endswith('.html'):
        p = Links()
        p.feed(open(os.path.join(html_dir, f), encoding='utf-8').read())
        pages[f] = p
broken, outside = [], []
for f, p in pages.items():
    for h in p.hrefs:
        u = urlsplit(h)
        if u.scheme in ('http', 'https', 'mailto', 'tel'):
            if full_url and h.startswith(full_url):
                continue
            if u.scheme in ('http', 'https') and full_url == '':
                outside.append('%s: %s' % (f, h))
            continue
        target = unquote(u.path) or f
        if target not in pages or (u.fragment and unquote(u.fragment) not in pages[target].ids):
            broken.append('%s: %s' % (f, h))
result(not broken, 'every link in the %d HTML pages resolves' % len(pages), broken[:5])
result(not outside, 'no link leaves the role book when the book has no url', outside[:5])
if full_url:
    n_full = sum(h.startswith(full_url) for p in pages.values() for h in p.hrefs)
    result(n_full > 0, 'material left out links to the full book at %s (%d links)' % (full_url, n_full))
