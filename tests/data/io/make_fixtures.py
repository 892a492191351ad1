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


# ---- registry exports (issue 19): the columns of a commercial enterprise-registry
# list, no area column, a tax number beside the credit code. Same cells in both files.
REG_HEAD = ["企业名称", "经营状态", "法定代表人", "注册资本", "成立日期", "所属省份", "所属城市",
            "电话", "统一社会信用代码", "纳税人识别号", "注册号", "组织机构代码", "企业类型",
            "所属行业", "企业地址", "经营范围"]
# the ledger fixture's enterprises A (530302, serial 1) and C (530303, serial 3)
FIX_A = uscc("530302", "000000001")
FIX_C = uscc("530303", "000000003")
REG_ROWS = [
    # the code names 麒麟区 and so does the address
    ["曲靖麒麟智造科技有限公司", "存续", "张明", "1000万元人民币", "2016-03-15", "云南省", "曲靖市",
     "0874-3123456", uscc("530302", "MA6N0R001"), uscc("530302", "MA6N0R001"),
     "530302000012345", "MA6N0R00-1", "有限责任公司（自然人投资或控股）", "科技推广和应用服务业",
     "云南省曲靖市麒麟区南宁北路88号", "技术开发、技术咨询；软件开发"],
    # an old code (530328 was 沾益县), a tax number that is another code
    ["沾益绿色化工有限公司", "在业", "李华", "50万美元", "2012-07-01", "云南省", "曲靖市",
     "0874-3012345", uscc("530328", "MA6N0R002"), uscc("530328", "MA6N0R009"),
     "530328000054321", "MA6N0R00-2", "有限责任公司（外商投资企业法人独资）", "化学原料和化学制品制造业",
     "云南省曲靖市沾益区西平街道龙华路1号", "化工产品生产、销售"],
    # registered by the city (530300, no area): the address names 罗平县; an old 15-digit tax number
    ["罗平新能源有限公司", "存续（在营、开业、在册）", "王强", "300万(元)", "2020-01-08", "云南省", "曲靖市",
     "13908740001", uscc("530300", "MA6N0R003"), "530324709876543", "530300000067890", "MA6N0R00-3",
     "有限责任公司（自然人独资）", "电力、热力生产和供应业", "曲靖市罗平县罗雄街道九龙大道6号",
     "太阳能发电"],
    # closed firms: not imported
    ["师宗旧材料厂", "注销", "赵刚", "30万元人民币", "2001-05-20", "云南省", "曲靖市",
     "", uscc("530323", "MA6N0R004"), uscc("530323", "MA6N0R004"), "530323000011111", "",
     "个人独资企业", "非金属矿物制品业", "曲靖市师宗县丹凤街道", "建材"],
    ["沾益丙化工有限公司", "吊销，未注销", "钱伟", "100万元人民币", "2010-10-10", "云南省", "曲靖市",
     "", FIX_C, FIX_C, "530328000022222", "", "有限责任公司", "化学原料和化学制品制造业",
     "曲靖市沾益区", "化工"],
    # a stored enterprise (A): keeps its area, takes the registry's details
    ["曲靖甲科技有限公司", "存续", "孙丽", "200万元", "2019-05-20", "云南省", "曲靖市",
     "0874-3999999", FIX_A, FIX_A, "530302000033333", "", "有限责任公司", "软件和信息技术服务业",
     "云南省曲靖市麒麟区寥廓南路1号", "软件开发"],
]


def registry_lo():
    """The registry list as LibreOffice saves it (shared strings)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业列表"
    ws.append(REG_HEAD)
    for r in REG_ROWS:
        ws.append(r)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "registry_lo.xlsx")
        wb.save(src)
        out = os.path.join(tmp, "out")
        subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx",
                        "--outdir", out, src], check=True, capture_output=True)
        with open(os.path.join(out, "registry_lo.xlsx"), "rb") as f:
            data = f.read()
    with open(os.path.join(HERE, "registry_lo.xlsx"), "wb") as f:
        f.write(data)


def xml_text(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def col_letter(i):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]


def registry_wps():
    """The same list as WPS writes it: every text an inline string (t="inlineStr"),
    no shared-strings part, docProps with WPS's custom properties
    (KSOProductBuildVer), a theme, row spans and x14ac attributes, and the
    package's entries in WPS's order (document properties first, the content
    types and package relationships last)."""
    ct = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"""
    rels = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"""
    app = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>WPS 表格</Application><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>工作表</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>Sheet1</vt:lpstr></vt:vector></TitlesOfParts></Properties>"""
    core = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T08:00:00Z</dcterms:created><dc:creator>WPS_1700000000</dc:creator><cp:lastModifiedBy>WPS_1700000000</cp:lastModifiedBy><dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-01T08:05:00Z</dcterms:modified></cp:coreProperties>"""
    custom = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="ICV"><vt:lpwstr>0A1B2C3D4E5F</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="KSOProductBuildVer"><vt:lpwstr>2052-12.1.0.16250</vt:lpwstr></property></Properties>"""
    wb = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><fileVersion appName="xl" lastEdited="3" lowestEdited="5" rupBuild="9302"/><workbookPr/><bookViews><workbookView windowWidth="28800" windowHeight="12450"/></bookViews><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="144525"/></workbook>"""
    wbrels = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""
    theme = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="WPS"><a:themeElements><a:clrScheme name="WPS"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1></a:clrScheme><a:fontScheme name="WPS"><a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="WPS"/></a:themeElements></a:theme>"""
    styles = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac"><numFmts count="1"><numFmt numFmtId="176" formatCode="@"/></numFmts><fonts count="2"><font><sz val="11"/><color theme="1"/><name val="宋体"/><charset val="134"/><scheme val="minor"/></font><font><b/><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment vertical="center"/></xf></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"><alignment vertical="center"/></xf><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""

    def row_xml(r, cells, style):
        out = [f'<row r="{r}" spans="1:{len(REG_HEAD)}" x14ac:dyDescent="0.15">']
        for i, v in enumerate(cells):
            if v == "":
                continue
            out.append(f'<c r="{col_letter(i)}{r}" s="{style}" t="inlineStr"><is><t>{xml_text(v)}</t></is></c>')
        out.append("</row>")
        return "".join(out)

    rows = [row_xml(1, REG_HEAD, 1)] + [row_xml(i + 2, r, 2) for i, r in enumerate(REG_ROWS)]
    last = f"{col_letter(len(REG_HEAD) - 1)}{len(REG_ROWS) + 1}"
    sheet = ("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData" mc:Ignorable="x14ac etc"><sheetPr/>"""
             f'<dimension ref="A1:{last}"/>'
             """<sheetViews><sheetView tabSelected="1" workbookViewId="0"><selection activeCell="A1" sqref="A1"/></sheetView></sheetViews><sheetFormatPr defaultColWidth="9" defaultRowHeight="13.5" outlineLevelRow="6"/><cols><col min="1" max="1" width="30.625" customWidth="1"/><col min="9" max="10" width="22.625" customWidth="1"/></cols><sheetData>"""
             + "".join(rows) +
             """</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/><headerFooter/></worksheet>""")
    with zipfile.ZipFile(os.path.join(HERE, "registry_wps.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("docProps/app.xml", app)
        z.writestr("docProps/core.xml", core)
        z.writestr("docProps/custom.xml", custom)
        z.writestr("xl/theme/theme1.xml", theme)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/styles.xml", styles)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", wbrels)
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)


if __name__ == "__main__":
    openpyxl_file()
    wps_file()
    csv_files()
    lo_file()
    registry_wps()
    registry_lo()
    print("uscc:", U1, U2, U3)
