#!/usr/bin/python3
"""Regenerate the import/export test files of tests/data/io/.

The files are committed, so tests never need this script. It needs Debian's
python3-openpyxl and LibreOffice (libreoffice-calc-nogui) for ledger_lo.xlsx.
Run: /usr/bin/python3 tests/data/io/make_fixtures.py (from the repository root).
"""
import datetime
import os
import subprocess
import tempfile
import zipfile

import openpyxl
from openpyxl.styles import Font

HERE = os.path.dirname(os.path.abspath(__file__))
ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc(region, org):
    """A valid 18-character USCC for enterprise '91', REGION (6) and ORG (9)."""
    body = "91" + region + org
    s = sum(ALPHA.index(c) * w for c, w in zip(body, W))
    return body + ALPHA[(31 - s % 31) % 31]


U1 = uscc("530302", "MA6K00001")
U2 = uscc("530381", "MA6K00002")
U3 = uscc("530322", "MA6K00003")

HEAD = ["统一社会信用代码", "企业名称", "县（市、区）", "成立日期", "技术领域", "培育层级",
        "年度", "职工总数", "科技人员数", "销售收入（万元）", "研发费用总额（万元）",
        "境内研发费用（万元）", "高新技术产品（服务）收入（万元）", "收入总额（万元）"]
ROWS = [
    [U1, "曲靖示例科技有限公司", "麒麟区", datetime.date(2019, 5, 20), "10101", "后备培育库",
     2023, 80, 12, 3200, 180.5, 170.25, 2100, 3250],
    [U2, "宣威云岭新材料有限公司", "530381", datetime.date(2015, 11, 3), "60101", "重点培育",
     2023, 150, 20, 5000.123456, 260, 260, 3600, 5100],
    [U3, "陆良绿源生物科技有限公司", "陆良县", datetime.date(2021, 2, 28), "401", "排查对象",
     2023, 35.5, 6, 880, 50, 45, 600, 900],
]


def openpyxl_file():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业台账"
    ws.append(["曲靖市高新技术企业培育台账（2023年度）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEAD))
    ws.append(HEAD)
    for r in ROWS:
        ws.append(r)
    for row in ws.iter_rows(min_row=3, min_col=4, max_col=4):
        for c in row:
            c.number_format = "yyyy/m/d"
    ws["A2"].font = Font(bold=True)
    wb.create_sheet("说明").append(["本表为测试数据"])
    wb.save(os.path.join(HERE, "ledger_openpyxl.xlsx"))


def lo_file():
    """Formulas saved by LibreOffice with their cached values; a 2-row merged header."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["统一社会信用代码", "企业名称", "所属区域", "年度", "研发费用", None, "销售收入(元)"])
    ws.append([None, None, None, None, "研发费用总额(元)", "境内研发费用(元)", None])
    for col in "ABCDG":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("E1:F1")
    ws.append([U1, "曲靖示例科技有限公司", "麒麟区", 2022, "=1000000+805000", "=E3-5000",
               "=25000000*1.2"])
    ws.append([U2, "宣威云岭新材料有限公司", "宣威市", 2022, 2600000, 2600000, 50000000])
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "ledger_lo.xlsx")
        wb.save(src)
        out = os.path.join(tmp, "out")
        subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx",
                        "--outdir", out, src], check=True, capture_output=True)
        with open(os.path.join(out, "ledger_lo.xlsx"), "rb") as f:
            data = f.read()
    with open(os.path.join(HERE, "ledger_lo.xlsx"), "wb") as f:
        f.write(data)


def wps_file():
    """Hand-written parts as WPS writes them: phonetic runs, rich text, inline
    strings, cached formula strings, the 1904 date system, zh-CN date formats,
    cells without references, prefixed element names."""
    ct = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"""
    rels = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
    wb = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="封面" sheetId="2" r:id="rId2"/><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"""
    wbrels = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""
    styles = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="#,##0.00_ ;[Red]\\-#,##0.00\\ "/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="31"/><xf numFmtId="177"/><xf numFmtId="14"/></cellXfs></styleSheet>"""
    # shared strings: 0 USCC header with a phonetic run, 1 name header as rich text,
    # 2 area header, 3 date header, 4 sales header, 5 name value, 6 area value
    sst = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="7" uniqueCount="7"><si><t>统一社会信用代码</t><rPh sb="0" eb="2"><t>トウイツ</t></rPh><phoneticPr fontId="1"/></si><si><r><rPr><b/></rPr><t>企业</t></r><r><t xml:space="preserve">名称</t></r></si><si><t>所属区域</t></si><si><t>成立日期</t></si><si><t>销售收入（万元）</t></si><si><r><t>曲靖</t></r><r><t>示例科技</t></r><rPh sb="0" eb="2"><t>キョクセイ</t></rPh><t>有限公司</t></si><si><t>麒麟区</t></si></sst>"""
    sheet1 = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c><x:c t="s"><x:v>4</x:v></x:c><x:c r="F1" t="inlineStr"><x:is><x:t>上市企业</x:t></x:is></x:c><x:c r="G1" t="inlineStr"><x:is><x:t>发证日期</x:t></x:is></x:c><x:c r="H1" t="inlineStr"><x:is><x:t>备注</x:t></x:is></x:c><x:c r="I1" t="inlineStr"><x:is><x:t>年度</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>{U1}</x:t></x:is></x:c><x:c r="B2" t="s"><x:v>5</x:v></x:c><x:c r="C2" t="str"><x:f>"麒麟"&amp;"区"</x:f><x:v>麒麟区</x:v></x:c><x:c r="D2" s="1"><x:v>42143</x:v></x:c><x:c r="E2" s="3"><x:v>3200.5</x:v></x:c><x:c r="F2" t="b"><x:v>1</x:v></x:c><x:c r="G2" s="2"><x:v>43800.5</x:v></x:c><x:c r="H2" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="I2"><x:v>2023</x:v></x:c></x:row><x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>{U3}</x:t></x:is></x:c><x:c r="C4" t="s"><x:v>6</x:v></x:c><x:c r="E4"><x:v>1.2E+3</x:v></x:c><x:c r="H4" t="inlineStr"><x:is><x:t>_x000D_换行</x:t></x:is></x:c><x:c r="I4"><x:v>2023</x:v></x:c></x:row></x:sheetData></x:worksheet>"""
    sheet2 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>封面</t></is></c></row></sheetData></worksheet>"""
    with zipfile.ZipFile(os.path.join(HERE, "ledger_wps.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wbrels)
        z.writestr("xl/styles.xml", styles)
        z.writestr("xl/sharedStrings.xml", sst)
        z.writestr("xl/worksheets/sheet1.xml", sheet1)
        z.writestr("xl/worksheets/sheet2.xml", sheet2)
    # the same workbook with a DOCTYPE in the shared strings (must be refused)
    evil = sst.replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
                       '<?xml version="1.0"?>\n<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]>\n')
    with zipfile.ZipFile(os.path.join(HERE, "doctype.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wbrels)
        z.writestr("xl/styles.xml", styles)
        z.writestr("xl/sharedStrings.xml", evil)
        z.writestr("xl/worksheets/sheet1.xml", sheet1)
        z.writestr("xl/worksheets/sheet2.xml", sheet2)


def csv_files():
    head = "统一社会信用代码,企业名称,所属区域,年度,职工总数,科技人员数,销售收入(元)\r\n"
    rows = [f'{U1},"曲靖示例科技有限公司",麒麟区,2023,80,12,"32,000,000.00"\r\n',
            f'{U3},"陆良绿源生物科技有限公司，""绿源""",陆良县,2023,35.5,6,8800000\r\n']
    text = head + "".join(rows)
    with open(os.path.join(HERE, "ledger_gb18030.csv"), "wb") as f:
        f.write(text.encode("gb18030"))
    with open(os.path.join(HERE, "ledger_utf8bom.csv"), "wb") as f:
        f.write(b"\xef\xbb\xbf" + text.encode("utf-8"))
    # a file with bad rows: wrong check character, S&T staff above staff, bad date, unknown area
    bad = ("统一社会信用代码,企业名称,所属区域,成立日期,年度,职工总数,科技人员数\n"
           f"{U1},甲公司,麒麟区,2019-05-20,2023,80,12\n"
           f"{U2[:17]}{'0' if U2[17] != '0' else '1'},乙公司,宣威市,2015-11-03,2023,50,10\n"
           f"{U3},丙公司,陆良县,2021-02-30,2023,30,40\n"
           f"{uscc('530324', 'MA6K00004')},丁公司,火星区,2020-01-01,2023,10,1\n")
    with open(os.path.join(HERE, "ledger_bad.csv"), "w", encoding="utf-8") as f:
        f.write(bad)


if __name__ == "__main__":
    openpyxl_file()
    wps_file()
    csv_files()
    lo_file()
    print("uscc:", U1, U2, U3)
