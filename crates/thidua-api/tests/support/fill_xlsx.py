"""Fills an .xlsx the way another program would (openpyxl), for the template round-trip tests.

usage: fill_xlsx.py IN OUT INSTRUCTIONS.json

Instructions: {"cells": [[sheet, address, value], ...], "merge": [[sheet, range], ...],
"meta": [[key, value], ...]}. An address "code:1.1" is the figure cell of indicator 1.1 (column
D of the row whose column A is 1.1). A value is a number, a string, {"date": "YYYY-MM-DD"} or
{"formula": "=..."}.
"""
import datetime
import json
import sys

import openpyxl

src, dst, spec = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3], encoding="utf-8"))
wb = openpyxl.load_workbook(src)
for sheet, address, value in spec.get("cells", []):
    ws = wb[sheet]
    if address.startswith("code:"):
        code = address[5:]
        row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value) == code)
        address = f"D{row}"
    if isinstance(value, dict) and "date" in value:
        value = datetime.datetime.strptime(value["date"], "%Y-%m-%d")
    elif isinstance(value, dict) and "formula" in value:
        value = value["formula"]
    ws[address] = value
for sheet, cells in spec.get("merge", []):
    wb[sheet].merge_cells(cells)
meta = wb["ThongTinMau"] if spec.get("meta") else None
for key, value in spec.get("meta", []):
    for row in range(1, meta.max_row + 1):
        if meta.cell(row, 1).value == key:
            meta.cell(row, 2).value = value
wb.save(dst)
