#!/usr/bin/env python3
"""check.py OUT safe|unsafe - walks every element and attribute of the HTML
pages (html.parser) and of the DocBook (ElementTree) under OUT and fails on
anything that would run in a reader's browser: a script element with a
payload, an event-handler attribute, a javascript:/vbscript:/data: URL in
any URL attribute (after the decoding a browser does), or a raw iframe/svg/
object. In "unsafe" mode (book.lua unsafe_html = true) raw HTML passes
through by the book's choice, so only svcbook's own attributes and the URLs
it writes from Markdown links are checked."""
import os
import re
import sys
import html
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

out, mode = sys.argv[1], sys.argv[2]
n = passed = failed = 0
URL_ATTRS = {'href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'srcset',
             '{http://www.w3.org/1999/xlink}href', 'fileref', 'url'}


def result(ok, what, detail=''):
    global n, passed, failed
    n += 1
    if ok:
        passed += 1
        print('ok %d - %s: %s' % (n, mode, what))
    else:
        failed += 1
        print('not ok %d - %s: %s' % (n, mode, what))
        for d in detail[:15]:
            print('#   ' + d)


def bad_url(v):
    s = html.unescape(v)
    s = re.sub(r'[\x00-\x20]', '', s).lower()
    return s.startswith(('javascript:', 'vbscript:', 'data:text', 'data:application'))


def payload(v):
    """A value that came from a payload this mode must stop."""
    return mode == 'safe' or '(2)' not in (v or '')


class Page(HTMLParser):
    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name, self.bad, self.in_script = name, [], False

    def handle_starttag(self, tag, attrs):
        where = '%s:%d <%s>' % (self.name, self.getpos()[0], tag)
        if tag in ('iframe', 'object', 'embed', 'svg', 'frame') and mode == 'safe':
            self.bad.append('%s element' % where)
        for k, v in attrs:
            if k.startswith('on') and payload(v):
                self.bad.append('%s %s=%r' % (where, k, v))
            if k in URL_ATTRS and v and bad_url(v) and payload(v):
                self.bad.append('%s %s=%r' % (where, k, v))
        if tag == 'script':
            self.in_script = True
            src = dict(attrs).get('src')
            if src and not re.match(r'^[\w./-]+\.js$', src):
                self.bad.append('%s script src=%r' % (where, src))

    def handle_endtag(self, tag):
        if tag == 'script':
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and 'alert(' in data and payload(data):
            self.bad.append('%s:%d script with a payload' % (self.name, self.getpos()[0]))


html_dir = os.path.join(out, 'html')
pages = sorted(f for f in os.listdir(html_dir) if f.endswith('.html'))
result(len(pages) >= 5, 'the payload book has its pages (%d)' % len(pages))
for f in pages:
    p = Page(f)
    p.feed(open(os.path.join(html_dir, f), encoding='utf-8').read())
    p.close()
    result(not p.bad, '%s has no script, event handler or script URL from the sources' % f, p.bad)

# Scripts of the site: only our own files, and no payload in them either.
for f in sorted(os.listdir(html_dir)):
    if f.endswith('.js'):
        text = open(os.path.join(html_dir, f), encoding='utf-8').read()
        # the search index holds the book's text as JSON strings: a
        # payload there must not close the script or the string
        result('</script' not in text.lower(), '%s cannot close a script element' % f)

# DocBook: text stays text; no URL attribute with a script scheme.
tree = ET.parse(os.path.join(out, 'docbook', 'book.xml'))
bad = []
for e in tree.iter():
    tag = e.tag.split('}')[-1]
    if tag in ('script', 'iframe', 'svg', 'object') or e.tag.startswith('{http://www.w3.org/1999/xhtml}'):
        bad.append('element %s' % tag)
    for k, v in e.attrib.items():
        if k.split('}')[-1].startswith('on') or (k.split('}')[-1] in ('href', 'fileref', 'url') and bad_url(v)):
            bad.append('<%s %s=%r>' % (tag, k, v))
result(not bad, 'the DocBook has no markup or script URL from the sources', bad)

# EPUB: each content document is XML, and nothing in it runs or loads from
# elsewhere, even with unsafe_html (an EPUB of ours is never scripted).
epub = os.path.join(out, 'epub', 'book.epub')
bad, docs = [], 0
if os.path.exists(epub):
    with zipfile.ZipFile(epub) as z:
        for name in z.namelist():
            if not name.endswith('.xhtml'):
                continue
            docs += 1
            try:
                root = ET.fromstring(z.read(name))
            except ET.ParseError as err:
                bad.append('%s: not XML: %s' % (name, err))
                continue
            for e in root.iter():
                tag = e.tag.split('}')[-1]
                if tag in ('script', 'iframe', 'object', 'embed', 'frame', 'svg', 'style'):
                    bad.append('%s: element %s' % (name, tag))
                for k, v in e.attrib.items():
                    k = k.split('}')[-1]
                    if k.startswith('on') or (k in URL_ATTRS and bad_url(v)):
                        bad.append('%s: <%s %s=%r>' % (name, tag, k, v))
result(docs >= 3 and not bad, 'the EPUB (%d content documents) has no markup that runs' % docs, bad)
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
