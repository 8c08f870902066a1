#!/usr/bin/env python3
"""make-forms.py - declines the nouns of nouns-ru.txt into forms-ru.tsv: for
each noun its 12 case forms (6 cases x 2 numbers).

The forms come from the Hunspell dictionary (Debian hunspell-ru): `unmunch`
expands the noun's entry into every form its affix flags make, and the
endings of the noun's declension applied to its stem (with a fleeting vowel
dropped or put back: звонок/звонка, заявка/заявок; ё/е) give more, kept
only when Hunspell spells them (the dictionary lists some forms as words of
their own: месяцем, недель). Each of the 12 slots is then picked from that
set by the endings the case takes for the noun's declension (gender, final
letter), so a form is only written when the dictionary has it and the
grammar puts it in that slot. The accusative of an animate noun is its
genitive. A noun whose slots cannot all be filled is reported and left out
(fix the list, not the file).

Run by hand when nouns-ru.txt changes (not by make check):
    tests/corpus/make-forms.py > tests/corpus/forms-ru.tsv
"""
import ctypes
import os
import subprocess
import sys
import tempfile

AFF = os.environ.get("HUNSPELL_DIR", "/usr/share/hunspell") + "/ru_RU.aff"
DIC = os.environ.get("HUNSPELL_DIR", "/usr/share/hunspell") + "/ru_RU.dic"
SLOTS = ["nom.sg", "gen.sg", "dat.sg", "acc.sg", "ins.sg", "pre.sg",
         "nom.pl", "gen.pl", "dat.pl", "acc.pl", "ins.pl", "pre.pl"]


_lib = ctypes.CDLL("libhunspell-1.7.so.0")
_lib.Hunspell_create.restype = ctypes.c_void_p
_lib.Hunspell_create.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
_lib.Hunspell_spell.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
_h = _lib.Hunspell_create(AFF.encode(), DIC.encode())


def spelled(word):
    return _lib.Hunspell_spell(_h, word.encode("utf-8")) != 0


ENDINGS = ["", "а", "я", "у", "ю", "ом", "ем", "ём", "е", "и", "ы", "ов", "ев", "ёв", "ей",
           "ам", "ям", "ами", "ями", "ах", "ях", "ой", "ёй", "ью", "й", "ь"]


def candidates(lemma):
    """Forms the declension's endings may give, before the spelling check."""
    base = lemma[:-1] if lemma[-1] in "аяоеьй" else lemma
    stems = {base, base.replace("ё", "е")}
    if len(base) > 3 and base[-2] in "оеё" and base[-1] not in "аеиоуыэюя":
        stems.add(base[:-2] + base[-1])           # звонок -> звонк, день -> дн
        stems.add((base[:-2] + base[-1]).replace("ё", "е"))
    if len(base) > 3 and base[-1] not in "аеиоуыэюя" and base[-2] not in "аеиоуыэюяь":
        for v in "оеё":
            stems.add(base[:-1] + v + base[-1])   # заявк -> заявок, письм -> писем
    if len(base) > 3 and base[-2] in "ьй":
        for v in "её":
            stems.add(base[:-2] + v + base[-1])   # письм -> писем, стойк -> стоек
    if base.endswith("ь"):
        stems.add(base[:-1])
    return set(st + e for st in stems for e in ENDINGS)


def entries():
    out = {}
    with open(DIC, encoding="utf-8") as f:
        next(f)
        for line in f:
            line = line.strip()
            word = line.split("/")[0]
            out.setdefault(word, []).append(line)
    return out


def expand(lines):
    with tempfile.NamedTemporaryFile("w", suffix=".dic", delete=False, encoding="utf-8") as t:
        t.write("%d\n%s\n" % (len(lines), "\n".join(lines)))
        name = t.name
    try:
        r = subprocess.run(["unmunch", name, AFF], capture_output=True, text=True)
    finally:
        os.unlink(name)
    return set(w.strip() for w in r.stdout.split() if w.strip())


def pick(forms, stem, ends, exclude=()):
    for e in ends:
        if stem + e in forms and stem + e not in exclude:
            return stem + e
    return None


def oblique_stem(lemma, forms, ins_ends):
    """The stem before the endings, as the instrumental singular shows it:
    the lemma's own (клиент, приём), with ё as е (платёж: платежом), or
    with a fleeting vowel gone (звонок: звонком, день: днём)."""
    base = lemma[:-1] if lemma[-1] in "ьй" else lemma
    order = [base, base.replace("ё", "е")]
    if len(base) > 3 and base[-2] in "оеё":
        order += [base[:-2] + base[-1], (base[:-2] + base[-1]).replace("ё", "е")]
    if len(base) > 3 and base[-2] in "оеё" and base[-1] == "ь":
        order.append(base[:-3] + base[-2:])
    for st in order:
        if any(st + e in forms for e in ins_ends):
            return st
    return None


def zero_gen_pl(s, forms, d):
    """The genitive plural of -а/-я/-о/-е nouns: no ending (with a fleeting
    vowel put back), -й after и, or -ей; never a form another slot took."""
    taken = set(v for v in d.values() if v)
    c = [s + "й"] if s.endswith("и") else []
    c += [s, s + "ей"]
    if len(s) > 2 and s[-1] not in "аеиоуыэюяь" and s[-2] not in "аеиоуыэюяь":
        c += [s[:-1] + v + s[-1] for v in "оеё"]
    if len(s) > 2 and s[-2] in "ьй":
        c += [s[:-2] + v + s[-1] for v in "её"]    # письм -> писем, стойк -> стоек
    c.append(s + "ь")                               # недел -> недель
    for f in c:
        if f in forms and f not in taken:
            return f
    return None


def decline(lemma, gender, animate, forms):
    last = lemma[-1]
    d = {"nom.sg": lemma}
    if gender == "m" and last not in "ьйаяо":
        s = oblique_stem(lemma, forms, ["ом", "ем", "ём"])
        if not s:
            return None
        d["gen.sg"] = pick(forms, s, ["а", "я"])
        d["dat.sg"] = pick(forms, s, ["у", "ю"])
        d["ins.sg"] = pick(forms, s, ["ом", "ём", "ем"])
        d["pre.sg"] = pick(forms, s, ["е"])
        d["nom.pl"] = pick(forms, s, ["ы", "и", "а"])
        d["gen.pl"] = pick(forms, s, ["ов", "ев", "ей", "ёв"])
        d["dat.pl"] = pick(forms, s, ["ам", "ям"])
        d["ins.pl"] = pick(forms, s, ["ами", "ями"])
        d["pre.pl"] = pick(forms, s, ["ах", "ях"])
    elif gender == "m" and last in "ьй":
        s = oblique_stem(lemma, forms, ["ем", "ём"])
        if not s:
            return None
        d["gen.sg"] = pick(forms, s, ["я"])
        d["dat.sg"] = pick(forms, s, ["ю"])
        d["ins.sg"] = pick(forms, s, ["ем", "ём"])
        d["pre.sg"] = pick(forms, s, ["е"])
        d["nom.pl"] = pick(forms, s, ["и", "я"])
        d["gen.pl"] = pick(forms, s, ["ей", "ев"])
        d["dat.pl"] = pick(forms, s, ["ям"])
        d["ins.pl"] = pick(forms, s, ["ями"])
        d["pre.pl"] = pick(forms, s, ["ях"])
    elif gender == "f" and last == "ь":
        s = lemma[:-1]
        d["gen.sg"] = pick(forms, s, ["и"])
        d["dat.sg"] = d["gen.sg"]
        d["ins.sg"] = pick(forms, s, ["ью"])
        d["pre.sg"] = d["gen.sg"]
        d["nom.pl"] = d["gen.sg"]
        d["gen.pl"] = pick(forms, s, ["ей"])
        d["dat.pl"] = pick(forms, s, ["ям", "ам"])
        d["ins.pl"] = pick(forms, s, ["ями", "ами"])
        d["pre.pl"] = pick(forms, s, ["ях", "ах"])
    elif last in "ая":
        s = lemma[:-1]
        soft = last == "я"
        d["gen.sg"] = pick(forms, s, ["и"] if soft or s[-1] in "гкхжшщч" else ["ы"])
        d["dat.sg"] = pick(forms, s, ["и", "е"] if s.endswith("и") else ["е"])
        d["acc.sg"] = pick(forms, s, ["ю" if soft else "у"])
        d["ins.sg"] = pick(forms, s, ["ей", "ой", "ёй"])
        d["pre.sg"] = d["dat.sg"]
        # и after г, к, х and the hushing letters, else ы (смени is a verb)
        d["nom.pl"] = pick(forms, s, ["и"] if soft or s[-1] in "гкхжшщч" else ["ы"])
        d["dat.pl"] = pick(forms, s, ["ям" if soft else "ам"])
        d["ins.pl"] = pick(forms, s, ["ями" if soft else "ами"])
        d["pre.pl"] = pick(forms, s, ["ях" if soft else "ах"])
        d["gen.pl"] = zero_gen_pl(s, forms, d)
    elif gender == "n":
        s = lemma[:-1]
        d["gen.sg"] = pick(forms, s, ["а", "я"])
        d["dat.sg"] = pick(forms, s, ["у", "ю"])
        d["ins.sg"] = pick(forms, s, ["ом", "ем", "ём"])
        d["pre.sg"] = pick(forms, s, ["и", "е"] if s.endswith("и") else ["е"])
        # as the genitive singular (права, not the gerund правя)
        d["nom.pl"] = pick(forms, s, ["а"] if lemma.endswith("о") else ["я"])
        d["dat.pl"] = pick(forms, s, ["ам", "ям"])
        d["ins.pl"] = pick(forms, s, ["ами", "ями"])
        d["pre.pl"] = pick(forms, s, ["ах", "ях"])
        d["gen.pl"] = zero_gen_pl(s, forms, d)
    else:
        return None
    d.setdefault("acc.sg", d["gen.sg"] if animate else lemma)
    d["acc.pl"] = d["gen.pl"] if animate else d["nom.pl"]
    if any(not d.get(k) for k in SLOTS):
        return None
    return d


def main():
    dic = entries()
    bad = 0
    print("# tests/corpus/forms-ru.tsv - made by make-forms.py from nouns-ru.txt and")
    print("# hunspell-ru's affix data; lemma, then " + ", ".join(SLOTS) + ".")
    here = os.path.dirname(os.path.abspath(__file__))
    for line in open(os.path.join(here, "nouns-ru.txt"), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        lemma, gender, animate = line.split()
        if gender == "-":
            continue
        lines = dic.get(lemma)
        forms = expand(lines) if lines else set()
        forms |= set(f for f in candidates(lemma) if f != lemma and spelled(f))
        d = decline(lemma, gender, animate == "1", forms) if lines else None
        if not d:
            print("make-forms: cannot decline %s (%s)" % (lemma, lines), file=sys.stderr)
            bad += 1
            continue
        print("\t".join([lemma] + [d[k] for k in SLOTS]))
    return 1 if bad else 0


sys.exit(main())
