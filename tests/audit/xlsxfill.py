#!/usr/bin/env python3
"""Fills cells of a sheet of an .xlsx as a spreadsheet program saves them
(no spreadsheet program, no openpyxl: a zip and an XML writer), for
tests that hand the workbook svcbook made back to audit.
usage: xlsxfill.py IN.xlsx OUT.xlsx SHEET CELL=VALUE...
VALUE is s:TEXT (a shared string), i:TEXT (an inline string), n:NUMBER
(a number, General format) or d:NUMBER (a number in the style of its
column, as Excel stores a day typed into the date column)."""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ET.register_namespace("", M)
ET.register_namespace("r", R)


def q(tag):
    return "{%s}%s" % (M, tag)


def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n


def sheet_part(z, name):
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(REL + "Relationship")}
    for s in ET.fromstring(z.read("xl/workbook.xml")).iter(q("sheet")):
        if s.get("name") == name:
            return "xl/" + rels[s.get("{%s}id" % R)].lstrip("/").replace("xl/", "", 1)
    sys.exit("no sheet " + name)


def column_style(ws, col):
    for c in ws.iter(q("col")):
        if int(c.get("min")) <= col <= int(c.get("max")):
            return c.get("style")
    return None


def set_cell(ws, sst, ref, value):
    row_no = int(re.search(r"\d+", ref).group(0))
    data = ws.find(q("sheetData"))
    rows = {int(r.get("r")): r for r in data.findall(q("row"))}
    if row_no not in rows:
        row = ET.Element(q("row"), {"r": str(row_no)})
        rows[row_no] = row
        data[:] = [rows[k] for k in sorted(rows)]
    row = rows[row_no]
    cells = {col_index(c.get("r")): c for c in row.findall(q("c"))}
    kind, text = value.split(":", 1)
    c = ET.Element(q("c"), {"r": ref})
    if kind == "s":
        si = ET.SubElement(sst, q("si"))
        ET.SubElement(si, q("t")).text = text
        c.set("t", "s")
        ET.SubElement(c, q("v")).text = str(len(sst.findall(q("si"))) - 1)
    elif kind == "i":
        c.set("t", "inlineStr")
        ET.SubElement(ET.SubElement(c, q("is")), q("t")).text = text
    else:
        style = column_style(ws, col_index(ref)) if kind == "d" else None
        if style:
            c.set("s", style)
        ET.SubElement(c, q("v")).text = text
    cells[col_index(ref)] = c
    row[:] = [cells[k] for k in sorted(cells)]


def main(src, dst, sheet, cells):
    zin = zipfile.ZipFile(src)
    part = sheet_part(zin, sheet)
    ws = ET.fromstring(zin.read(part))
    sst = ET.fromstring(zin.read("xl/sharedStrings.xml"))
    for cell in cells:
        ref, value = cell.split("=", 1)
        set_cell(ws, sst, ref, value)
    changed = {part: ws, "xl/sharedStrings.xml": sst}
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename in changed:
                zout.writestr(item, ET.tostring(changed[item.filename], xml_declaration=True, encoding="UTF-8"))
            else:
                zout.writestr(item, zin.read(item.filename))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
