#!/usr/bin/env python3
"""Synthetic national-template workbooks for the import tests and the benchmark.

Everything here is invented: names are made of a fixed list of uncommon
characters, ID numbers use the invented region 990101 with a valid GB 11643
check character, phone numbers start with 199. No real person's data.

    gen_templates.py OUTDIR                 every layout and quirk (tests)
    gen_templates.py --bench N OUTDIR       roster20.csv and roster20.xlsx with N rows

The .xlsx writer is minimal Office Open XML written with zipfile: shared
strings, inline strings, numbers, booleans; streaming for large files.
"""
import io
import os
import sys
import zipfile
from xml.sax.saxutils import escape

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"


def idcard(birth, seq, lower=False):
    first17 = "990101" + birth + "%03d" % (seq % 1000)
    s = sum(int(d) * w for d, w in zip(first17, W))
    c = C[s % 11]
    return first17 + (c.lower() if lower else c)


SUR = "甲乙丙丁戊己庚辛壬癸"
GIV = "子丑寅卯辰巳午未申酉戌亥"


def name(i):
    return "测" + SUR[i % 10] + GIV[(i // 10) % 12] + ("" if i < 120 else GIV[(i // 120) % 12])


def col_letter(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


class Xlsx:
    """rows: lists of values: str (shared string), ('inline', str), float/int (number), bool."""

    def __init__(self, path, sst=True):
        self.z = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        self.sst = {} if sst else None
        self.sst_list = []
        self.rows = 0
        self.sheet = self.z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self.sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                         b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                         b'<sheetData>')

    def row(self, values, number=None):
        self.rows = number if number else self.rows + 1
        out = ['<row r="%d">' % self.rows]
        for c, v in enumerate(values):
            ref = "%s%d" % (col_letter(c), self.rows)
            if v is None or v == "":
                continue
            if isinstance(v, bool):
                out.append('<c r="%s" t="b"><v>%d</v></c>' % (ref, 1 if v else 0))
            elif isinstance(v, (int, float)):
                out.append('<c r="%s"><v>%r</v></c>' % (ref, float(v) if isinstance(v, float) else v))
            elif isinstance(v, tuple):
                out.append('<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, escape(v[1])))
            elif self.sst is None:
                out.append('<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, escape(v)))
            else:
                if v not in self.sst:
                    self.sst[v] = len(self.sst_list)
                    self.sst_list.append(v)
                out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, self.sst[v]))
        out.append("</row>")
        self.sheet.write("".join(out).encode())

    def close(self):
        self.sheet.write(b"</sheetData></worksheet>")
        self.sheet.close()
        z = self.z
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId7"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                   '</Relationships>')
        sst = ['<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
               % (len(self.sst_list), len(self.sst_list))]
        for s in self.sst_list:
            sst.append('<si><t xml:space="preserve">%s</t><rPh sb="0" eb="1"><t>ピン</t></rPh></si>' % escape(s))
        sst.append("</sst>")
        z.writestr("xl/sharedStrings.xml", "".join(sst))
        z.close()


def write_csv(path, rows, encoding="utf-8", bom=False):
    def cell(v):
        if v is None:
            return ""
        if isinstance(v, tuple):
            v = v[1]
        if isinstance(v, bool):
            return "是" if v else "否"
        if isinstance(v, float):
            return repr(v)
        v = str(v)
        if any(ch in v for ch in ',"\n\r'):
            return '"' + v.replace('"', '""') + '"'
        return v
    with open(path, "wb") as f:
        if bom:
            f.write(b"\xef\xbb\xbf")
        for r in rows:
            f.write((",".join(cell(v) for v in r) + "\r\n").encode(encoding))


ROSTER20 = ["姓名", "身份证号码", "性别", "出生日期", "民族", "学历", "学位", "入党日期", "转正日期", "工作岗位",
            "从事专业技术职务", "新社会阶层类型", "人员类别", "是否农民工 ", "手机号码", "所在党支部", "联合支部单位名称",
            "户籍所在地", "现居住地", "信息完整度"]
BRANCHES = ["幸福社区第一网格党支部", "城西街道机关党支部"]


def roster20_row(i, branch=None, quirks=True):
    """One member of the 全国模板 roster, with the quirks of real files rotating over i."""
    by = 1960 + i % 40
    birth = "%04d%02d%02d" % (by, 1 + i % 12, 1 + i % 28)
    joined_y = by + 25
    idn = idcard(birth, i, lower=quirks and i % 5 in (0, 1))  # i = 1: '...001x'
    if quirks and i % 7 == 0:
        idn += " "                               # ID with a trailing space
    jm, jd = 1 + (i * 7) % 12, 1 + (i * 3) % 28
    joined = "%04d-%02d-%02d" % (joined_y, jm, jd)
    confirmed = "%04d%02d%02d" % (joined_y + 1, jm, jd)
    if quirks and i % 3 == 0:
        joined_v = float("%04d%02d%02d" % (joined_y, jm, jd))   # 19850101.0
    else:
        joined_v = joined
    phone = 19900000000 + i
    return [name(i), idn, "男" if int(idn[16]) % 2 else "女",
            "%s-%s-%s" % (birth[:4], birth[4:6], birth[6:]), "汉族",
            "大学本科" if i % 2 else "大专", "学士" if i % 2 else "", joined_v,
            confirmed if i % 4 else "", "职员", "", "", "专业技术人员", "否",
            float(phone) if quirks and i % 2 else str(phone),
            branch or BRANCHES[i % len(BRANCHES)], "", "虚构市虚构区", "虚构路%d号" % i, 90]


def gen_tests(out):
    os.makedirs(out, exist_ok=True)
    rows = [roster20_row(i) for i in range(1, 13)]
    title = ["2024年党员花名册"]
    # 1. xlsx: title row, header with a trailing space, shared + inline strings, empty numbered rows
    x = Xlsx(os.path.join(out, "roster20.xlsx"))
    x.row(title)
    x.row(ROSTER20)
    for r in rows:
        x.row([("inline", r[0])] + r[1:])
    x.row([None] * 19 + [0])                      # blank numbered row at the end
    x.close()
    # 1b. the same as BIFF8 .xls
    write_xls(os.path.join(out, "roster20.xls"),
              [title, ROSTER20] + [[v[1] if isinstance(v, tuple) else v for v in r] for r in rows])
    # 2. CSV, UTF-8 with BOM; GB18030 without
    write_csv(os.path.join(out, "roster20.csv"), [title, ROSTER20] + rows, bom=True)
    write_csv(os.path.join(out, "roster20-gbk.csv"), [title, ROSTER20] + rows, encoding="gb18030")
    # 3. a newer file: two members changed
    newer = [list(r) for r in rows]
    newer[0][9] = "科长"
    newer[1][18] = "虚构路新址"
    write_csv(os.path.join(out, "roster20-newer.csv"), [ROSTER20] + newer)
    # 4. one bad row (入党 before the 18th birthday) and one bad ID
    bad = [list(r) for r in rows[:4]]
    bad[1][7] = "1961-01-01"
    bad[2][1] = "99010119900101001"
    write_csv(os.path.join(out, "roster20-bad.csv"), [ROSTER20] + bad)
    # 5. the 17-column variant with 联系电话 landlines of 7 digits
    h17 = ["姓名", "所属行业", "身份证号码", "性别", "出生日期", "民族", "年龄", "学历", "入党日期", "转正日期",
           "工作岗位", "人员类别", "是否农民工", "手机号码", "联系电话", "所在党支部", "现居住地"]
    r17 = []
    for i in range(20, 26):
        r = roster20_row(i, quirks=False)
        r17.append([r[0], "制造业", r[1], r[2], r[3], r[4], 40, r[5], r[7], r[8], r[9], r[12], "是",
                    r[14], "5551234", r[15], r[18]])
    x = Xlsx(os.path.join(out, "roster17.xlsx"), sst=False)
    x.row(h17)
    for r in r17:
        x.row(r)
    x.close()
    # 6. 单机 党员列表
    hd = ["姓名", "所在支部", "性别", "民族", "籍贯", "出生日期", "身份证号", "学历", "学位", "个人身份",
          "国民经济行业", "工作时间", "技术职务", "手机号码", "入党时间", "转正时间", "增加时间", "党员增加",
          "所在单位", "一线情况", "家庭地址", "首次录入时间", "最近更新时间"]
    rd = []
    for i in range(30, 34):
        r = roster20_row(i, quirks=False)
        rd.append([r[0], r[15], r[2], "汉族", "虚构省", r[3], r[1], r[5], "", "工人", "制造业", "2010-07-01",
                   "", r[14], r[7], r[8], "2020-01-01", "新入党" if i % 2 else "本系统内部其他支部转入",
                   "虚构公司", "企业生产第一线", "虚构街1号", "2020-01-01 10:00:00", "2024-01-01 10:00:00"])
    write_csv(os.path.join(out, "danji.csv"), [["党员列表"], hd] + rd, bom=True)
    # 7. 党组织名单 with sections
    ho = ["党组织代码", "党组织名称", "组织类别", "所属行业", "属地关系", "党组织书记", "党组织联系人", "联系电话",
          "建立党组织日期", "党组织所在单位情况", "党组织所在行政区划", "单位名称", "单位隶属关系", "单位性质类别",
          "法人单位标识", "法人代表（单位负责人）", "民营科技企业标识", "社会服务机构类别", "事业单位类别"]
    x = Xlsx(os.path.join(out, "orgs.xlsx"))
    x.row(["党组织名单"])
    x.row(["党委"] + ho)
    x.row([1, "990000000101", "虚构产业园党委", "党委", "", "", "测甲", "测乙", 19900000001.0, 19860228.0,
           "", "990101", "虚构产业园", "", "", "是", "测丙", "否", "", ""])
    x.row(["总支部"] + ho)
    x.row([1, "990000000102", "虚构公司党总支", "党总支", "", "", "", "", "", "20010701", "", "", "", "", "", "否",
           "", "否", "", ""])
    x.row(["支部"] + ho)
    x.row([1, "990000000103", "虚构车间党支部", "党支部", "", "", "", "", "", "2005-03-01", "", "", "", "", "",
           "", "", "", "", ""])
    x.row([2, "990000000104", "虚构仓储联合党支部", "联合党支部", "", "", "", "", "", 38000, "", "", "", "", "",
           "", "", "", "", ""])
    x.row([3])                                       # an empty numbered row
    x.close()
    # 8. the layouts of other capabilities
    write_csv(os.path.join(out, "applicants.csv"),
              [["入党申请人名册"], ["序号", "姓名", "性别", "民族", "出生年月", "身份证号码", "学历", "单位、职务或职业",
                                 "递交入党申请间", "确定入党积极分子时间"],
               [1, name(40), "男", "汉族", 200001.0, idcard("20000101", 40), "大学本科", "学生", "20240501", ""]])
    write_csv(os.path.join(out, "develop.csv"),
              [["姓名", "身份证号码", "性别", "出生日期", "民族", "籍贯", "年龄", "学历", "入党日期", "转正日期"],
               [name(41), idcard("19950101", 41), "女", "1995-01-01", "汉族", "虚构省", 29, "大学本科", "20241013", ""]])
    write_csv(os.path.join(out, "transfer_in.csv"),
              [["2024年转入党员名册"], ["姓名", "性别", "身份证号码", "转接类别", "转入日期", "原党组织名称", "目标党组织名称",
                                     "描述信息", "党费缴至日期"],
               [name(42), "男", idcard("19800101", 42), "省（系统）内转接", "2024-05-01", "虚构党支部", "城西街道机关党支部", "", 202410.0],
               [name(43), "女", idcard("19810101", 43), "跨省（系统）转接", 20240601.0, "虚构党支部", "城西街道机关党支部", "", "2024-10"]])
    write_csv(os.path.join(out, "transfer_out.csv"),
              [["序号", "姓名", "性别", "身份证号码", "转接类别", "转出日期", "原党组织名称", "目标党组织名称", "描述信息", "党费缴至日期"],
               [1, name(44), "男", idcard("19800101", 44), "省（系统）内转接", "2024-05-01", "城西街道机关党支部", "虚构党支部", "", "2024-10"]])
    write_csv(os.path.join(out, "deaths.csv"),
              [["死亡党员名单"], ["序号", "姓名", "性别", "身份证号码", "死亡日期"],
               [1, name(45), "男", idcard("19400101", 45), "20240105"]])
    # 8b. the layouts of 发展党员, 死亡 and 党费 (import_more.test.mjs); the members are
    # roster20_row(1..4) of roster20.xlsx, imported first
    ha = ["序号", "姓名", "性别", "民族", "出生年月", "身份证号码", "学历", "单位、职务或职业",
          "递交入党申请时间", "确定入党积极分子时间"]
    write_csv(os.path.join(out, "applicants-more.csv"),
              [["2025年入党申请人名册"], ha,
               [1, name(50), "女", "汉族", 200001.0, idcard("20000101", 50), "大学本科", "虚构公司职员", "20240501", ""],
               [2, name(51), "男", "汉", "1999.03", idcard("19990301", 51), "大专", "虚构公司职员", "2023-01-10",
                "2023-09-01"],
               [3]])
    write_csv(os.path.join(out, "applicants-bad.csv"),
              [ha,
               [1, name(52), "男", "汉族", "2001-01", idcard("20010101", 52), "大学本科", "职员", "2024-05-01", ""],
               [2, name(53), "女", "汉族", "2010-01", idcard("20100101", 53), "初中", "学生", "2024-05-01", ""]])
    write_csv(os.path.join(out, "develop-more.csv"),
              [["姓名", "身份证号码", "性别", "出生日期", "民族", "籍贯", "年龄", "学历", "入党日期", "转正日期"],
               [name(54), idcard("19950101", 54), "女", "1995-01-01", "汉族", "虚构省", 29, "大学本科", "20241013", ""]])
    m = [roster20_row(i) for i in range(1, 5)]
    ids = [r[1].strip().upper() for r in m]
    write_csv(os.path.join(out, "deaths-more.csv"),
              [["死亡党员名单"], ["序号", "姓名", "性别", "身份证号码", "死亡日期"],
               [1, m[3][0], m[3][2], ids[3], "20250105"]])
    write_csv(os.path.join(out, "deaths-bad.csv"),
              [["序号", "姓名", "性别", "身份证号码", "死亡日期"],
               [1, m[2][0], m[2][2], ids[2], "2025-01-05"],
               [2, m[0][0], m[0][2], ids[0], "1950-01-01"]])
    ht = ["序号", "姓名", "性别", "身份证号码", "转接类别", "转出日期", "原党组织名称", "目标党组织名称", "描述信息",
          "党费缴至日期"]
    write_csv(os.path.join(out, "transfer_out-more.csv"),
              [["2025年转出党员名册"], ht,
               [1, m[2][0], m[2][2], ids[2], "跨省（系统）转接", 20250301.0, m[2][15], "虚构省虚构市虚构公司党支部",
                "工作调动", 202502.0]])
    write_csv(os.path.join(out, "transfer_out-bad.csv"),
              [ht,
               [1, m[0][0], m[0][2], ids[0], "省（系统）内转接", "2025-03-01", m[0][15], "虚构党支部", "", "2025-02"],
               [2, m[1][0], m[1][2], ids[1], "省（系统）内转接", "2025-03-01", m[1][15], "虚构党支部", "", "2025-06"]])
    hp = ["序号", "姓名", "公民身份号码 ", "年度", "岗位工资", "薪级工资", "津贴补贴", "应发合计", "个人所得税",
          "养老保险", "住房公积金", "实发合计"]
    x = Xlsx(os.path.join(out, "payroll.xlsx"))
    x.row(["2025年1月工资表"])
    x.row(hp)
    x.row([1, m[0][0], ids[0], 2025, 3000, "1,500.50", 2000, 6500.5, 120.3, 400, 600, 5380.2])
    x.row([2, m[1][0], ids[1], "2025年", 2000, 500, 600, 3100, 0, 100, 0, 3000])
    x.close()
    write_csv(os.path.join(out, "payroll-bad.csv"),
              [hp,
               [1, m[0][0], ids[0], 2025, 3000, "1500.50", 2000, "", 120.3, 400, 600, ""],
               [2, m[1][0], ids[1], 2025, 2000, "五百", 600, "", 0, 100, 0, ""]])
    # 9. broken files
    with open(os.path.join(out, "roster20.xlsx"), "rb") as f:
        data = f.read()
    with open(os.path.join(out, "truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(os.path.join(out, "garbage.xlsx"), "wb") as f:
        f.write(b"PK\x03\x04" + b"\x00" * 200)
    with open(os.path.join(out, "noheader.csv"), "w", encoding="utf-8") as f:
        f.write("a,b,c\n1,2,3\n")
    # a zip bomb: a sheet of 300 MB of zeros inside a small file
    z = zipfile.ZipFile(os.path.join(out, "bomb.xlsx"), "w", zipfile.ZIP_DEFLATED)
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as s:
        s.write(b'<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>')
        chunk = b" " * (1 << 20)
        for _ in range(300):
            s.write(chunk)
        s.write(b"</t></is></c></row></sheetData></worksheet>")
    z.close()


def bench_row(i):
    """Member i of the benchmark roster: unique ID, dates consistent with it."""
    idn = bench_id(i)
    by, bm, bd = int(idn[6:10]), idn[10:12], idn[12:14]
    return [name(i % 1000), idn, "男" if int(idn[16]) % 2 else "女", "%d-%s-%s" % (by, bm, bd), "汉族",
            "大学本科", "学士", "%d-%s-%s" % (by + 25, bm, bd), "%d%s%s" % (by + 26, bm, bd), "职员", "", "",
            "专业技术人员", "否", str(19900000000 + i % 100000000), BRANCHES[i % 2], "", "虚构市虚构区",
            "虚构路%d号" % i, 90]


def gen_bench(n, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "roster20.csv"), "wb") as f:
        f.write(b"\xef\xbb\xbf")
        f.write((",".join(ROSTER20) + "\r\n").encode())
        for i in range(1, n + 1):
            f.write((",".join(str(v) for v in bench_row(i)) + "\r\n").encode())
    x = Xlsx(os.path.join(out, "roster20.xlsx"), sst=False)
    x.row(ROSTER20)
    for i in range(1, n + 1):
        x.row(bench_row(i))
    x.close()


def bench_id(i):
    """A unique valid ID for member i of the benchmark (region varies to keep them unique)."""
    region = "99%04d" % (i // 1000 % 10000)
    by = 1960 + i % 40
    first17 = region + "%04d%02d%02d" % (by, 1 + (i // 40) % 12, 1 + i % 28) + "%03d" % (i % 1000)
    s = sum(int(d) * w for d, w in zip(first17, W))
    return first17 + C[s % 11]


def write_xls(path, rows):
    """A minimal BIFF8 .xls (one worksheet) in an OLE2 compound file: strings
    through the SST and LABELSST, numbers through NUMBER. Enough for freexl."""
    import struct

    def rec(rt, data=b""):
        return struct.pack("<HH", rt, len(data)) + data

    def ustr16(s):  # BIFF8 unicode string with a 2-byte length, uncompressed UTF-16
        return struct.pack("<HB", len(s), 1) + s.encode("utf-16-le")

    strings, index = [], {}
    for r in rows:
        for v in r:
            if isinstance(v, str) and v and v not in index:
                index[v] = len(strings)
                strings.append(v)
    bof_wb = rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
    codepage = rec(0x0042, struct.pack("<H", 1200))
    xf = b"".join(rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5 if i < 15 else 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0))
                  for i in range(16))
    sst = rec(0x00FC, struct.pack("<II", len(strings), len(strings)) + b"".join(ustr16(s) for s in strings))
    sheetname = "Sheet1"
    eof = rec(0x000A)

    def globals_with(offset):
        bs = rec(0x0085, struct.pack("<IHB", offset, 0, len(sheetname)) + b"\x00" + sheetname.encode())
        return bof_wb + codepage + xf + bs + sst + eof

    g_len = len(globals_with(0))
    glob = globals_with(g_len)
    ncols = max(len(r) for r in rows)
    sheet = rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
    sheet += rec(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, ncols, 0))
    for ri, r in enumerate(rows):
        for ci, v in enumerate(r):
            if v is None or v == "":
                continue
            if isinstance(v, str):
                sheet += rec(0x00FD, struct.pack("<HHHI", ri, ci, 15, index[v]))
            else:
                sheet += rec(0x0203, struct.pack("<HHHd", ri, ci, 15, float(v)))
    sheet += eof
    stream = glob + sheet
    if len(stream) < 4096:
        stream += b"\x00" * (4096 - len(stream))
    stream += b"\x00" * ((-len(stream)) % 512)
    nsec = len(stream) // 512
    # sectors: 0 FAT, 1..nsec workbook, nsec+1 directory
    fat = [0xFFFFFFFD] + [i + 2 for i in range(nsec - 1)] + [0xFFFFFFFE, 0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\x00" * 16
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, nsec + 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108

    def dirent(name, typ, child, start, size):
        n = (name + "\x00").encode("utf-16-le") if name else b""
        return (n + b"\x00" * (64 - len(n)) + struct.pack("<HBB", len(n), typ, 1)
                + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child) + b"\x00" * 16
                + struct.pack("<I", 0) + b"\x00" * 16 + struct.pack("<IQ", start, size))

    d = dirent("Root Entry", 5, 1, 0xFFFFFFFE, 0) + dirent("Workbook", 2, 0xFFFFFFFF, 1, len(glob) + len(sheet))
    d += b"\x00" * (512 - len(d))
    with open(path, "wb") as f:
        f.write(header + struct.pack("<128I", *fat) + stream + d)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--bench":
        gen_bench(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 2:
        gen_tests(sys.argv[1])
    else:
        sys.exit(__doc__)
