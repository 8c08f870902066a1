#!/usr/bin/env python3
"""Reads an .xlsx back with a zip and an XML reader (no spreadsheet
program): prints each sheet as "== NAME", then its rows as CSV (shared
strings resolved, numbers as written), then "widths: W,W,..." (each
column's width from the first to the last one set, whether one <col>
gives one column or a range), then "format COLUMNS: CODE" for each column
range with a number format of its own (the format's code), then "list
RANGE: a,b,c" for each list data validation. usage: xlsx.py FILE.xlsx"""
import csv
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def main(path):
    z = zipfile.ZipFile(path)
    bad = z.testzip()
    if bad:
        sys.exit("corrupt member " + bad)
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    codes = {f.get("numFmtId"): f.get("formatCode") for f in styles.iter("{%s}numFmt" % NS["m"])}
    xfs = styles.find("m:cellXfs", NS).findall("m:xf", NS)
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(REL + "Relationship")}
    out = csv.writer(sys.stdout, lineterminator="\n")
    for sheet in ET.fromstring(z.read("xl/workbook.xml")).find("m:sheets", NS):
        print("== " + sheet.get("name"))
        target = rels[sheet.get("{%s}id" % NS["r"])]
        ws = ET.fromstring(z.read("xl/" + target.lstrip("/").replace("xl/", "", 1)))
        for row in ws.find("m:sheetData", NS):
            cells = []
            for c in row.findall("m:c", NS):
                i = col_index(c.get("r"))
                while len(cells) < i:
                    cells.append("")
                v = c.find("m:v", NS)
                text = "" if v is None else v.text
                if c.get("t") == "s":
                    text = strings[int(text)]
                cells.append(text)
            out.writerow(cells)
        cols = ws.find("m:cols", NS)
        if cols is not None:
            widths = {}
            for col in cols:
                for i in range(int(col.get("min")), int(col.get("max")) + 1):
                    widths[i] = col.get("width")
            print("widths: " + ",".join(widths.get(i, "") for i in range(min(widths), max(widths) + 1)))
            for col in cols:
                if col.get("style"):
                    fid = xfs[int(col.get("style"))].get("numFmtId")
                    print("format %s-%s: %s" % (col.get("min"), col.get("max"), codes.get(fid, "builtin " + fid)))
        dvs = ws.find("m:dataValidations", NS)
        for dv in [] if dvs is None else dvs:
            if dv.get("type") == "list":
                f = dv.find("m:formula1", NS).text.strip('"')
                print("list %s: %s" % (dv.get("sqref"), f))


if __name__ == "__main__":
    main(sys.argv[1])
