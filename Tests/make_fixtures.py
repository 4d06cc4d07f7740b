#!/usr/bin/env python3
"""Writes the test fixtures in Tests/ZHTextTests/Fixtures in the real formats zhtext reads.

The scraped files imitate the bundled sample's layout exactly: line 1 a timestamp, line 2 the
title, line 3 the HTML body JSON-string escaped (\\u003c for <, \\" for ", \\u0026 for &).
Run from the repository root: python3 Tests/make_fixtures.py
"""
import json, os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ZHTextTests", "Fixtures")
P = '<p style="line-height: 1.75; margin-bottom: 24px; text-align: justify"><span style="letter-spacing: 1px">'
E = '</span></p>'


def escape(html):
    """JSON-string escape as the scraper does: <, >, & as \\u00XX, quotes and slashes escaped."""
    s = json.dumps(html, ensure_ascii=False)[1:-1]
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def scraped(path, stamp, title, paragraphs, tail=""):
    body = '<div class="rich_media_content">' + "".join(P + p + E for p in paragraphs) + tail + "</div>"
    with open(os.path.join(HERE, path), "w", encoding="utf-8") as f:
        f.write(stamp + "\n" + title + "\n" + escape(body))


scraped("corpus/q2/nvda_q2.txt", "2025-08-28 09:12:45", "英伟达第二财季营收增长,黄仁勋称生成式AI需求强劲", [
    "<!--IMG_0-->",
    "英伟达发布2026财年第二财季财报,营收467亿美元,同比增长56%。",
    "<strong>以下为英伟达第二财季电话会精华版:</strong>",
    "克雷斯表示,数据中心业务继续增长,Blackwell平台需求强劲,生成式AI推动加速计算。",
    "<strong>以下为问答环节</strong>",
    "<strong>问:</strong>请谈谈智能体AI的需求。",
    "<strong>黄仁勋:</strong>智能体AI是新的浪潮,推理需求正在爆发。",
    "(文/测试,编辑/测试)",
])
scraped("corpus/q3/nvda_q3.txt", "2025-11-20 10:03:28", "英伟达第三财季:加速计算与智能体AI", [
    "英伟达第三财季营收570亿美元,环比增长22%。",
    "在黄仁勋看来,加速计算是必需品,智能体AI将催生新的商业模式。",
    "<strong>问:</strong>Rubin CPX何时出货?",
    "<strong>黄仁勋:</strong>Rubin CPX将于明年出货,Grace Blackwell已经全面量产。",
], tail="<style>.rich_media_content{color:#333}</style>")

# A scraped file with every kind of damage the cleaner must survive.
damaged_body = ('<p>A&amp;B &lt;tag&gt; &#39;引号&#39; &#x4E2D;&#25991; &nbsp;&unknown; 5 < 6</p>'
                '<script>var x = "<p>不是正文</p>";</script><!--MID_AD_0--><p>第二段<br>第三段</p>'
                '<p><!--NO_READ_BEGIN-->不读<!--NO_READ_END-->可读</p>'
                '<p>表情😀与生僻字𠀋</p><p>未闭合的注释<!-- 到此为止')
with open(os.path.join(HERE, "damaged.txt"), "w", encoding="utf-8") as f:
    # Escaped astral characters (a surrogate pair), a lone surrogate and a truncated escape at the end.
    body = escape(damaged_body).replace("𠀋", "\\ud840\\udc0b").replace("生僻字", "生僻字\\ud800")
    f.write("2026-01-02 03:04:05\n损坏的文档\n" + body + "\\u12")

with open(os.path.join(HERE, "article.html"), "w", encoding="utf-8") as f:
    f.write("""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>台積電法說會 &amp; 展望</title>
<style>p { color: red; }</style><script>document.write("<p>bad</p>")</script></head>
<body>
<h2>法說會重點</h2>
<p><b>主持人:</b>歡迎參加台積電法說會。</p>
<ul><li>營收年增３６％</li><li>毛利率５９．５％</li></ul>
<p>黃仁勳表示,ＡＩ需求強勁。<br/>第二行</p>
</body></html>
""")

plain = "英伟达发布财报。\r\n营收增长12.6%,利润率23.4%。\r\n\r\n二○○一年，ＧＰＵ出货量增长。\r\n"
for name, enc in [("plain.txt", "utf-8"), ("plain.gb18030.txt", "gb18030")]:
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(plain.encode(enc))
trad = "黃仁勳表示，輝達的營收成長。\n台積電的晶片供應充足。\n"
with open(os.path.join(HERE, "traditional.big5.txt"), "wb") as f:
    f.write(trad.encode("big5"))
with open(os.path.join(HERE, "traditional.txt"), "w", encoding="utf-8") as f:
    f.write(trad)
with open(os.path.join(HERE, "plain.utf16le.txt"), "wb") as f:
    f.write(b"\xff\xfe" + plain.encode("utf-16-le"))
with open(os.path.join(HERE, "plain.bom.txt"), "wb") as f:
    f.write(b"\xef\xbb\xbf" + plain.encode("utf-8"))
with open(os.path.join(HERE, "invalid-utf8.txt"), "wb") as f:
    f.write("好的开始".encode("utf-8") + b"\xff\xfe\xfd" + "结束".encode("utf-8"))
with open(os.path.join(HERE, "user-dict.tsv"), "w", encoding="utf-8") as f:
    f.write("term\tfreq\ttag\n# a user's own terms\n营收增长\t\tfinance\n发布\t0\t\n")

# --- Malformed and unusual input: one file per case, each with defined behaviour (CleanTests,
# MalformedInputTests, RobustLoadTests). Fuzz/run.sh also uses them as seeds.
M = os.path.join(HERE, "malformed")
os.makedirs(M, exist_ok=True)


def write_malformed(name, data):
    with open(os.path.join(M, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


# Escapes: truncated \u, invalid \x, lone high and low surrogates, a backslash at the very end.
write_malformed("escapes.txt", "2026-01-02 03:04:05\n转义\n" + escape("<p>截断") + "\\u4e" + escape("与无效") + "\\x"
      + escape("转义</p><p>孤立") + "\\ud800" + escape("高位与") + "\\udc00" + escape("低位</p><p>结尾") + "\\")
# A tag cut off by the end of a truncated file, and an unknown `<` that is text.
write_malformed("unterminated-tag.html", '<p>第一段 x<y 与 z</p><p>被截断的文件<span style="color')
# A quoted attribute value that is never closed: the quote is ignored, the tag ends at its '>'.
write_malformed("unbalanced-quote.html", '<p title="未闭合>引号之后的正文</p><p>第二段</p>')
# An unterminated <style> block: the rest of the input is dropped, and reported.
write_malformed("unterminated-style.html", '<p>样式之前</p><style>p { color: red } <p>不是正文</p>')
# An unterminated <title> and a CDATA section that never ends.
write_malformed("unterminated-title.html", '<p>正文一</p><title>标题没有结束<p>正文二</p><![CDATA[数据段')
# Empty, whitespace only, and markup only.
write_malformed("empty.txt", b"")
write_malformed("whitespace-only.txt", " \r\n\t\u3000\n".encode("utf-8"))
write_malformed("markup-only.html", "<div><p> </p><!-- 注释 --></div>")
# Binary files: a PDF signature, NUL bytes, and bytes that are mostly control characters.
write_malformed("document.pdf.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
write_malformed("nul-bytes.txt", "正常的开头".encode("utf-8") + b"\x00\x01\x02\x03\x00\xff\x00")
write_malformed("control-bytes.txt", bytes(range(1, 32)) * 4 + "结尾".encode("utf-8"))
# Control and zero-width characters inside text (no NUL): dropped by the cleaner, not counted.
write_malformed("invisible.txt", "英\u200b伟\u200d达\u00ad发布\ufeff财报\u0007。\u200e营收\u202a增长\u202c\u2060\x0b12%\u0085第二行\n")
# Line ends: LF, CRLF and a lone CR mixed in one file; and the scraped layout with CRLF.
write_malformed("line-endings.txt", "第一行\n第二行\r\n第三行\r第四行\r\n\r\n第六行")
write_malformed("scraped-crlf.txt", "2026-03-20 10:03:28\r\n换行符\r\n" + escape("<p>第一段</p>\r\n<p>第二段</p>") + "\r\n")
# UTF-16 with a big-endian BOM, and little-endian with no BOM at all.
write_malformed("utf16be-bom.txt", b"\xfe\xff" + plain.encode("utf-16-be"))
write_malformed("utf16le-nobom.txt", plain.encode("utf-16-le"))
# Legacy encodings long enough for detection, and one with an invalid byte sequence.
legacy = ("英伟达发布2026财年第三财季财报，营收570亿美元，同比增长62%。黄仁勋表示，"
          "Blackwell的需求远超预期，云端GPU已经售罄。数据中心业务继续增长，生成式人工智能推动加速计算。\n") * 3
write_malformed("detected.gb18030.txt", legacy.encode("gb18030"))
write_malformed("detected.big5.txt", trad.replace("\n", "。輝達的資料中心業務繼續成長，生成式人工智慧推動加速運算，市場需求強勁。\n").encode("big5") * 3)
write_malformed("invalid.gb18030.txt", legacy.encode("gb18030")[:60] + b"\x81\x20" + legacy.encode("gb18030")[60:])
# Formula-like text, for CSV neutralization through a whole run.
write_malformed("formulas.txt", "=HYPERLINK(\"http://example.com\",\"点击\")\n+1+2\n-3\n@SUM(A1)\n正常\n")

# The fuzzer's own seeds (Fuzz/run.sh also reads every fixture above and the bundled sample):
# dense mixes of the damage above, in each format, so mutations start close to the edges.
SEEDS = os.path.join(os.path.dirname(HERE), "..", "..", "Fuzz", "seeds")
os.makedirs(SEEDS, exist_ok=True)
mix = ('<div><p><strong>问:</strong>英伟达&amp;台积电 &#x4E2D;&#25991;&nbsp;&bogus; <span title="x>GPU</span>'
       "<b class='y'>黄仁勋：</b>生成式AI<br/>12.6%<!--IMG_0--><!--NO_READ_BEGIN-->不读<!--NO_READ_END-->"
       "<td>表格</td><li>列表</li><h2>标题</h2><![CDATA[数据]]><script>x<1</script>a<y 5 < 6\u200b\u00ad"
       "\u202e\r\n\r(文/记者,编辑/某某)</p></div>")
seeds = {
    "mix.html": mix.encode("utf-8"),
    "mix-scraped.txt": ("2026-03-20 10:03:28\n标题\n" + escape(mix) + "\\ud800\\u12\\x\\").encode("utf-8"),
    "mix.gb18030.html": mix.encode("gb18030"),
    "mix.big5.html": mix.replace("台积电", "臺積電").encode("big5", errors="replace"),
    "mix.utf16le.txt": mix.encode("utf-16-le"),
    "truncated.html": mix.encode("utf-8")[:101],
}
for name, data in seeds.items():
    with open(os.path.join(SEEDS, name), "wb") as f:
        f.write(data)

# --- Transcripts for the structure stage (speakers, sections, reported speech) -------------------
# One file per label style, each with look-alikes that must not become speakers.
T = os.path.join(HERE, "transcripts")
os.makedirs(T, exist_ok=True)


def write(name, text, encoding="utf-8"):
    with open(os.path.join(T, name), "wb") as f:
        f.write(text.encode(encoding))


# Bold labels in the sample's scraped layout: a headline repeated from the title, bold topic
# labels, narrated remarks (reported speech and the narrator), labels with firm and role, a
# Traditional name with a full-width colon inside the bold run.
title = "黄仁勋:这不是泡沫,而是三大AI转型同时爆发"
body = '<div class="rich_media_content">' + "".join(P + p + E for p in [
    "<strong>" + title + "</strong>",
    title,
    "英伟达周三发布第三财季财报,营收创新高。",
    "<strong>营收端:</strong>数据中心业务营收创新高。",
    "<strong>以下为英伟达第三财季电话会精华版:</strong>",
    "克雷斯表示,数据中心业务继续增长,加速计算需求强劲。",
    "分析师普遍认为,这一增速难以持续。",
    "Blackwell平台的出货节奏符合预期。",
    "在黄仁勋看来,智能体AI将催生全新的商业模式。",
    "<strong>以下为问答环节:</strong>",
    "<strong>问:</strong>请谈谈推理需求。",
    "<strong>英伟达CEO黄仁勋:</strong>推理需求正在爆发。",
    "<strong>汽车业务:</strong>汽车业务营收同比增长。",
    "<strong>提问:</strong>Rubin何时出货?",
    "<strong>黃仁勳：</strong>明年出货。",
    "(文/测试,编辑/测试)",
]) + "</div>"
write("bold.txt", "2025-11-20 10:03:28\n" + title + "\n" + escape(body))

# Plain `Name：` labels with full-width colons, roles and firms, an operator, and no Q&A header:
# the Q&A starts with the operator line before the first analyst.
write("plain.txt", """英伟达第三财季财报电话会议
营收端：数据中心营收同比增长。
汽车业务：收入环比增长。
主持人|投资者关系主管 刘丽娣(Lidia Liu)：欢迎参加英伟达第三财季财报电话会议。
黄仁勋：谢谢。我们正处在加速计算和生成式AI的转折点。
我们看到智能体AI的需求正在爆发。
克雷斯：第三财季营收创新高。
会议助手：现在开始提问。第一位提问者来自摩根士丹利。
摩根士丹利分析师 Joseph Moore：请问Rubin的出货节奏如何？
黄仁勋：Rubin将于明年出货。
Operator: 下一位提问者来自美银。
美银分析师 Vivek Arya：推理需求能持续多久？
克雷斯：推理需求非常强劲。
黄仁勋：我补充一点，推理市场的扩张速度远超预期。
Joseph Moore：谢谢。
""")

# Traditional script throughout, full-width colons, Traditional section headers, and a topic
# label inside an answer (it continues the answer).
write("traditional.txt", """輝達公布第三季財報，營收創新高。
以下為電話會實錄：
黃仁勳：加速運算與生成式AI正同時爆發。
克雷斯：本季營收成長強勁。
問答環節
問：請問代理式AI的需求如何？
黃仁勳：智能體AI的需求非常強勁。
營收端：資料中心營收年增。
""")

# English names on their own line (with roles and firms after `--`), HTML headings for the
# sections, and a product name on its own line that is not a speaker.
write("english.html", """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>NVIDIA Q3 FY2026 earnings call transcript</title></head>
<body>
<h2>Prepared Remarks</h2>
<p>Operator</p>
<p>Good afternoon. Welcome to NVIDIA's third quarter conference call.</p>
<p>Jensen Huang -- President and Chief Executive Officer</p>
<p>Accelerated computing and generative AI are taking off at the same time.</p>
<p>Colette Kress</p>
<p>Revenue was a record.</p>
<p>Blackwell Ultra</p>
<p>Shipments began this quarter.</p>
<h2>Questions and Answers</h2>
<p>Joseph Moore -- Morgan Stanley -- Analyst</p>
<p>How should we think about inference demand?</p>
<p>Jensen Huang</p>
<p>Inference is exploding. Agentic AI needs far more compute.</p>
</body></html>
""")

# Narrated remarks of another company: 这位CFO must name the CFO the article mentions (黄仁昭),
# not the CFO speakers.tsv happens to list with that title (克雷斯).
write("tsmc.txt", """台积电公布第三季度财报,营收同比增长。
以下为台积电法说会实录:
台积电财务长黄仁昭首先介绍了财务表现,毛利率超出预期。
这位CFO还强调,先进制程需求强劲。
魏哲家则表示,AI需求非常强劲。
他指出,CoWoS产能仍然紧张。
以下为问答环节:
Q：先进封装产能何时缓解？
魏哲家：明年会有明显改善。
""")
