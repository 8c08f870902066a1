#!/usr/bin/env python3
"""tests/plan/check.py - one book, one plan: the HTML, the DocBook and the
EPUB of a build agree on the role order (sidebar, numbers N.1-N.n, pyramid,
support lines, matrix, DocBook sections and overview, the EPUB's contents
and overview), the glossary order, each term's "used in" list and whether
the roles chapter opens with the overview. The role order is book.lua's `roles` (those that have a file),
then the other roles by file name.

usage: check.py BOOKDIR OUTDIR [full|role]
Prints TAP-like lines ("ok N - ...", "not ok N - ..."); exit 1 on a failure.
"""
import html
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

DB = "{http://docbook.org/ns/docbook}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XH = "{http://www.w3.org/1999/xhtml}"

n = 0
failed = 0


def check(name, got, want):
    global n, failed
    n += 1
    if got == want:
        print("ok %d - %s" % (n, name))
    else:
        failed += 1
        print("not ok %d - %s" % (n, name))
        print("#   got:  %r" % (got,))
        print("#   want: %r" % (want,))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def role_id_of_file(path):
    """A role's id as FORMAT.md gives it: the level-1 heading's {#id}, else
    the file's name without .md."""
    for line in read(path).splitlines():
        if line.startswith("#"):
            if line.startswith("# "):
                m = re.search(r"\{#([A-Za-z_][\w.-]*)", line)
                if m:
                    return m.group(1)
            break
    return os.path.basename(path)[:-3]


def expected_role_order(bookdir):
    rdir = os.path.join(bookdir, "roles")
    files = sorted(f for f in os.listdir(rdir) if f.endswith(".md") and not f.startswith("."))
    ids = [role_id_of_file(os.path.join(rdir, f)) for f in files]
    m = re.search(r"^roles\s*=\s*\{([^}]*)\}", read(os.path.join(bookdir, "book.lua")), re.M)
    listed = re.findall(r'"([^"]+)"', m.group(1)) if m else []
    order = [r for r in listed if r in ids]
    return order + [r for r in ids if r not in order]


def fragment(href):
    return html.unescape(href.split("#", 1)[1]) if "#" in href else None


def target(href):
    """The id a link of the role summary leads to: its fragment, else the
    page's role."""
    f = fragment(href)
    return f if f else re.sub(r"^role-|\.x?html$", "", href.rsplit("/", 1)[-1])


def summary_links(links):
    return [target(h) for h in links]


def subsequence(lst, order):
    """lst kept in the order's order (what a list of some roles must be)."""
    return sorted(lst, key=order.index)


# ---- DocBook ----

def docbook(outdir):
    root = ET.parse(os.path.join(outdir, "docbook", "book.xml")).getroot()
    chapters = {c.get(XML_ID): c for c in root.iter(DB + "chapter")}
    roles_ch = chapters.get("roles")
    info = {"roles": [], "labels": [], "overview": [], "gloss": [], "uses": {}}
    if roles_ch is not None:
        for s in roles_ch.findall(DB + "section"):
            if s.get(XML_ID):
                info["roles"].append(s.get(XML_ID))
                info["labels"].append(s.get("label"))
            else:  # an overview list: each entry's role links in order
                for e in s.iter(DB + "varlistentry"):
                    links = [l.get("linkend") for p in e.iter(DB + "para") if p.get("role") != "owner"
                             for l in p.iter(DB + "link")]
                    info["overview"].append([l for l in links if l in info.get("all_roles", links)])
    info["summary"] = None
    if roles_ch is not None:
        for v in roles_ch.findall(DB + "variablelist"):
            if v.get("role") == "role-summary":
                info["summary"] = [l.get("linkend") for l in v.iter(DB + "link")]
    for g in root.iter(DB + "glossentry"):
        tid = g.get(XML_ID)
        info["gloss"].append(tid)
        uses = []
        for p in g.iter(DB + "para"):
            if p.get("role") == "used-in":
                uses = [l.get("linkend") for l in p.iter(DB + "link")]
        info["uses"][tid] = uses
    return info


# ---- EPUB ----

def epub(outdir):
    """What OUTDIR/epub/book.epub shows, as docbook() gives it: the roles
    in the contents (with their numbers), the overview's role lists (the
    owners' excepted, as in the DocBook), the glossary and its uses."""
    z = zipfile.ZipFile(os.path.join(outdir, "epub", "book.epub"))
    doc = lambda name: ET.fromstring(z.read("EPUB/" + name))
    info = {"roles": [], "labels": [], "overview": [], "gloss": [], "uses": {}}
    for li in doc("nav.xhtml").iter(XH + "li"):
        a = li.find(XH + "a")
        if a is not None and a.get("href", "").startswith("roles.xhtml#"):
            for sub in li.iter(XH + "li"):
                sa = sub.find(XH + "a")
                if sa is not None and sa is not a:
                    info["roles"].append(fragment(sa.get("href")))
                    info["labels"].append((sa.text or "").split(" ", 1)[0])
    if "EPUB/roles.xhtml" in z.namelist():
        for ov in doc("roles.xhtml").iter(XH + "section"):
            if ov.get("class") != "overview":
                continue
            for dd in ov.iter(XH + "dd"):
                holders = [dd] + [p for p in dd.iter(XH + "p") if p.get("class") != "owner"]
                links = []
                for h in holders:
                    links += [fragment(a.get("href")) for a in h.findall(XH + "a")]
                info["overview"].append(links)
    info["summary"] = None
    if "EPUB/roles.xhtml" in z.namelist():
        for dl in doc("roles.xhtml").iter(XH + "dl"):
            if dl.get("class") == "role-summary":
                info["summary"] = summary_links([a.get("href") for a in dl.iter(XH + "a")])
    if "EPUB/glossary.xhtml" in z.namelist():
        tid = None
        for el in doc("glossary.xhtml").iter():
            if el.tag == XH + "dt":
                tid = fragment(el.find(XH + "a").get("href"))
                info["gloss"].append(tid)
                info["uses"][tid] = []
            elif el.tag == XH + "dd" and el.get("class") == "used-in":
                info["uses"][tid] = [fragment(a.get("href")) for a in el.findall(XH + "a")]
    return info


# ---- HTML ----

def html_site(outdir):
    d = os.path.join(outdir, "html")
    info = {"roles": [], "numbers": [], "pyramid": [], "lines": [], "matrix": [], "overview": False,
            "gloss": [], "uses": {}}
    roles_page = read(os.path.join(d, "roles.html"))
    chnum = re.search(r'<h1 id="roles"><span class="num">([^<]+)</span>', roles_page)
    chnum = chnum.group(1) if chnum else "?"
    nav = roles_page.split('<main', 1)[0]
    for href, num in re.findall(r'<a href="([^"]+)"[^>]*><span class="num">([^<]+)</span>', nav):
        if re.fullmatch(re.escape(chnum) + r"\.\d+", num):
            info["roles"].append(html.unescape(href).rsplit("/", 1)[-1].split(".html")[0])
            info["numbers"].append(num)
    ov = re.search(r'<section class="overview".*?</section>', roles_page, re.S)
    if ov:
        info["overview"] = True
        ov = ov.group(0)
        pyr = re.search(r'<div class="pyramid">(.*?)\n</div>\n(?=<h|</section)', ov, re.S)
        for tier in re.split(r'<div class="tier ', pyr.group(1))[1:] if pyr else []:
            info["pyramid"].append([fragment(h) for h in re.findall(r'<a class="role" href="([^"]+)"', tier)])
        lines = re.search(r'<ol class="lines">(.*?)</ol>', ov, re.S)
        for li in re.split(r'<li class="line-', lines.group(1))[1:] if lines else []:
            info["lines"].append([fragment(h) for h in re.findall(r'<a class="role" href="([^"]+)"', li)])
        head = re.search(r'<thead>(.*?)</thead>', ov, re.S)
        if head:
            info["matrix"] = [fragment(h) for h in re.findall(r'<a class="role" href="([^"]+)"', head.group(1))]
    sm = re.search(r'<dl class="role-summary">(.*?)</dl>', roles_page.split('<main', 1)[-1], re.S)
    info["summary"] = summary_links([html.unescape(h) for h in re.findall(r'href="([^"]+)"', sm.group(1))]) if sm else None
    gpath = os.path.join(d, "glossary.html")
    if os.path.exists(gpath):
        g = read(gpath).split('<main', 1)[-1]
        for tid, dd in re.findall(r'<dt id="([^"]+)">.*?</dt>\s*<dd>(.*?)</dd>', g, re.S):
            tid = html.unescape(tid)
            info["gloss"].append(tid)
            used = re.search(r'<p class="used-in">(.*?)</p>', dd, re.S)
            info["uses"][tid] = [fragment(h) for h in re.findall(r'href="([^"]+)"', used.group(1))] if used else []
    return info


def main():
    bookdir, outdir = sys.argv[1], sys.argv[2]
    kind = sys.argv[3] if len(sys.argv) > 3 else "full"
    order = expected_role_order(bookdir)
    h, d = html_site(outdir), docbook(outdir)
    check("HTML sidebar: the roles in book.lua's order", [r[len("role-"):] for r in h["roles"]],
          [r for r in order if "role-" + r in h["roles"]] if kind == "role" else order)
    check("DocBook: the roles chapter's sections in the same order", d["roles"],
          [r[len("role-"):] for r in h["roles"]])
    check("HTML and DocBook number the roles alike", h["numbers"], d["labels"])
    if kind == "full":
        roles_chapter = h["numbers"][0].rsplit(".", 1)[0] if h["numbers"] else "?"
        check("the roles are numbered in their order",
              h["numbers"], ["%s.%d" % (roles_chapter, i + 1) for i in range(len(order))])
    check("HTML and DocBook agree on the roles overview", h["overview"], bool(d["overview"]))
    if kind == "full":
        check("the roles chapter opens with the overview", h["overview"], True)
    if h["overview"]:
        check("HTML matrix columns in the role order", h["matrix"], order)
        check("HTML pyramid tiers in the role order", h["pyramid"], [subsequence(t, order) for t in h["pyramid"]])
        check("HTML support lines in the role order", h["lines"], [subsequence(t, order) for t in h["lines"]])
        dov = [[r for r in e if r in order] for e in d["overview"]]
        check("DocBook overview lists in the role order", dov, [subsequence(e, order) for e in dov])
        check("HTML and DocBook pyramid and lines alike", h["pyramid"] + h["lines"], dov[:len(h["pyramid"] + h["lines"])])
    # a role book's roles chapter opens with its role's summary (its page
    # is not left empty), the same links in every backend
    if kind == "role":
        check("the roles chapter opens with the role's summary, linked to its standard",
              bool(h["summary"]) and h["summary"][0] in d["roles"], True)
    else:
        check("the whole book has no role summary", h["summary"], None)
    check("HTML and DocBook role summary alike", h["summary"], d["summary"])
    check("HTML and DocBook glossary order alike", h["gloss"], d["gloss"])
    check("HTML and DocBook 'used in' alike", h["uses"], d["uses"])
    if os.path.exists(os.path.join(outdir, "epub", "book.epub")):
        e = epub(outdir)
        check("EPUB contents: the roles in the DocBook's order", e["roles"], d["roles"])
        check("EPUB and DocBook number the roles alike", e["labels"], d["labels"])
        check("EPUB and DocBook agree on the roles overview", bool(e["overview"]), bool(d["overview"]))
        dov = [[r for r in x if r in order] for x in d["overview"]]
        check("EPUB and DocBook overview lists alike", [[r for r in x if r in order] for x in e["overview"]], dov)
        check("EPUB and DocBook role summary alike", e["summary"], d["summary"])
        check("EPUB and DocBook glossary order alike", e["gloss"], d["gloss"])
        check("EPUB and DocBook 'used in' alike", e["uses"], d["uses"])
    print("%d passed, %d failed" % (n - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
