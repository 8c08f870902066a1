#!/usr/bin/env python3
"""Writes a CSV file's rows as a minimal workbook of one sheet, as another
program than svcbook would: inline strings, no shared strings, each
YYYY-MM-DD day a number in Excel's built-in date format 14, other numbers
as numbers, then an empty second sheet. The first sheet is named SHEET,
"Опрос" unless given. usage: csv2xlsx.py IN.csv OUT.xlsx [SHEET]"""
import csv
import datetime
import re
import sys
import zipfile
from xml.sax.saxutils import escape

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def cell(ref, text):
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        day = datetime.date.fromisoformat(text) - datetime.date(1899, 12, 30)
        return '<c r="%s" s="1"><v>%d</v></c>' % (ref, day.days)
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return '<c r="%s"><v>%s</v></c>' % (ref, text)
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(text))


def sheet(rows):
    out = []
    for i, row in enumerate(rows, 1):
        cells = "".join(cell("%s%d" % (chr(65 + j), i), t) for j, t in enumerate(row) if t)
        out.append('<row r="%d">%s</row>' % (i, cells))
    return '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (M, "".join(out))


def main(src, dst, name="Опрос"):
    rows = list(csv.reader(open(src, encoding="utf-8-sig")))
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="%s"/>' % CT)
        z.writestr("xl/workbook.xml", '<workbook xmlns="%s" xmlns:r="%s"><sheets>'
                   '<sheet name="%s" sheetId="1" r:id="rId1"/><sheet name="Sheet2" sheetId="2" r:id="rId2"/>'
                   '</sheets></workbook>' % (M, R, escape(name, {'"': "&quot;"})))
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="%s">'
                   '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/>'
                   '</Relationships>' % PR)
        z.writestr("xl/styles.xml", '<styleSheet xmlns="%s"><cellXfs count="2"><xf numFmtId="0"/>'
                   '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>' % M)
        z.writestr("xl/worksheets/sheet1.xml", sheet(rows))
        z.writestr("xl/worksheets/sheet2.xml", sheet([]))


if __name__ == "__main__":
    main(*sys.argv[1:4])
