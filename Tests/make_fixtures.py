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

# ---------------------------------------------------------------------------------------------
# A multi-quarter, two-company corpus for the corpus comparisons (issue 4), in the scraped format.
#
# quarters/nvidia/  four NVIDIA calls (fiscal 2026 Q1–Q4); corpus.toml gives only call dates and
#                   one fiscal year, everything else is inferred from the title, text and file name:
#   nvda_q1.txt         title "2026财年第一季度" (Chinese year + quarter in the title)
#   nvda_q2.txt         text "截至2025年7月27日的2026财年第二财季" and a call-date sentence
#   nvda_q3.txt         text "截至2025年10月26日的第三财季" (year from NVIDIA's fiscal calendar)
#   nvda_q4_fy2026.txt  title "NVIDIA Q4 FY2026" (English), text mentions next quarter's guidance
# quarters/amd/     two AMD calls with a corpus.csv manifest (quoted fields, a custom column);
#                   the text says "2025年第二季度" (a calendar quarter, fiscal for AMD).
# metadata/         documents whose sources disagree, a Traditional-script call, an English one.
# manifests/        broken and ambiguous manifests.
QA = '<strong>问:</strong>'


def label(name):
    return '<strong>' + name + ':</strong>'


def write_fixture(path, text, mode="w"):
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, mode, encoding="utf-8") as f:
        f.write(text)


def scraped_to(path, stamp, title, paragraphs, tail=""):
    os.makedirs(os.path.dirname(os.path.join(HERE, path)), exist_ok=True)
    scraped(path, stamp, title, paragraphs, tail)


scraped_to("quarters/nvidia/nvda_q1.txt", "2025-05-29 08:30:12", "英伟达2026财年第一季度营收441亿美元,H20出口管制带来减记", [
    "<!--IMG_0-->",
    "美国当地时间周三,英伟达公布了第一财季财报,营收441亿美元,同比增长69%。受出口管制影响,公司计提H20库存减记45亿美元。",
    "<strong>以下为英伟达第一财季电话会精华版:</strong>",
    "克雷斯表示,数据中心业务营收391亿美元,Blackwell平台贡献了数据中心计算营收的近70%。出口管制使H20无法向中国市场出货,本季度减记H20库存,并损失25亿美元的H20营收。",
    "克雷斯指出,推理需求正在快速增长,微软等云服务商处理的token数量同比增长五倍。主权AI项目在欧洲和中东加速推进。",
    "黄仁勋表示,出口管制让美国公司失去了中国这个五百亿美元的市场,中国的AI研究人员占全球一半,出口管制并没有阻止中国的AI发展。",
    "黄仁勋认为,推理是计算量最大的工作负载,推理模型需要的算力是过去的一百倍,Blackwell正是为推理而生。",
    "<strong>以下为问答环节</strong>",
    QA + "出口管制对中国市场的影响有多大?H20之后还有什么产品可以出货?",
    label("黄仁勋") + "中国市场的大门实际上已经关闭,出口管制下H20不能出货,我们正在评估有限的选择。中国是一个巨大的市场,失去它对美国是一个损失。",
    QA + "请谈谈Blackwell的产能爬坡和毛利率。",
    label("克雷斯") + "Blackwell的产能爬坡非常顺利,剔除H20减记的影响,毛利率为71.3%,我们预计毛利率将在今年晚些时候回到七成中段。",
    QA + "推理需求会持续增长吗?",
    label("黄仁勋") + "推理需求正在爆发,推理模型和智能体都需要大量的token,数据中心正在变成AI工厂。",
    "(文/测试,编辑/测试)",
])

scraped_to("quarters/nvidia/nvda_q2.txt", "2025-08-28 09:12:45", "黄仁勋:Blackwell Ultra全面放量,网络业务创新高", [
    "<!--IMG_0-->",
    "英伟达发布截至2025年7月27日的2026财年第二财季财报,营收467亿美元,同比增长56%。英伟达于美国当地时间2025年8月27日盘后召开财报电话会。",
    "<strong>以下为英伟达第二财季电话会精华版:</strong>",
    "克雷斯表示,数据中心业务营收411亿美元,Blackwell数据中心营收环比增长17%。GB300已经开始量产出货,Blackwell Ultra成为新的增长引擎。",
    "克雷斯透露,网络业务营收73亿美元创新高,Spectrum-X以太网和InfiniBand需求强劲,网络业务同比增长98%。本季度没有向中国客户销售H20。",
    "黄仁勋表示,Blackwell Ultra是新的推理平台,智能体AI正在兴起,推理需求推动了每一代架构的升级。",
    "黄仁勋认为,AI基础设施支出到本十年末将达到三万亿到四万亿美元,网络业务是AI工厂的神经系统。",
    "<strong>以下为问答环节</strong>",
    QA + "网络业务增长如此之快,Spectrum-X的客户都有哪些?",
    label("克雷斯") + "Spectrum-X以太网已被主要的云服务商采用,网络业务的年化营收已经超过100亿美元。",
    QA + "Blackwell Ultra的出货节奏如何?",
    label("黄仁勋") + "Blackwell Ultra的产量在本季度迅速提升,GB300机柜的出货非常顺利,智能体AI和推理模型需要更多算力。",
    QA + "对于AI基础设施的长期空间怎么看?",
    label("黄仁勋") + "AI基础设施是新的工业革命,每一个国家都在建设主权AI,网络业务和计算一起构成AI工厂。",
    "(文/测试,编辑/测试)",
])

scraped_to("quarters/nvidia/nvda_q3.txt", "2025-11-20 10:03:28", "英伟达第三财季营收570亿美元,黄仁勋:这不是泡沫", [
    "<!--IMG_0-->",
    "英伟达公布截至2025年10月26日的第三财季财报,营收570亿美元,环比增长22%。得益于英伟达第三财季业绩及第四财季指引均超分析师预期,股价盘后上涨。",
    "<strong>以下为英伟达第三财季电话会精华版:</strong>",
    "克雷斯表示,数据中心业务营收512亿美元,Blackwell和Rubin架构的订单已达5000亿美元,Rubin CPX将于明年出货。",
    "黄仁勋回应了市场对AI泡沫的担忧,他指出英伟达见证的并非泡沫,而是加速计算、生成式AI和智能体AI三大转型同时发生。",
    "在黄仁勋看来,加速计算是后摩尔定律时代的必需品,生成式AI是现有业务的增强剂,而智能体AI将催生全新的商业模式。",
    "黄仁勋表示,物理AI是下一个浪潮,机器人和自动驾驶都需要加速计算。",
    "<strong>以下为问答环节</strong>",
    QA + "关于AI泡沫的担忧,你怎么看?",
    label("黄仁勋") + "我们看到的不是泡沫,而是加速计算取代通用计算,生成式AI重构互联网服务,智能体AI开启新的应用。",
    QA + "Rubin CPX何时出货?",
    label("黄仁勋") + "Rubin CPX将于明年出货,Grace Blackwell已经全面量产,智能体AI需要长上下文的推理。",
    QA + "5000亿美元的订单是否还会增加?",
    label("克雷斯") + "这一数字还在增长,智能体AI和物理AI带来的需求并未包含在原计划中。",
    "(文/测试,编辑/测试)",
], tail="<style>.rich_media_content{color:#333}</style>")

scraped_to("quarters/nvidia/nvda_q4_fy2026.txt", "2026-02-26 07:45:00", "NVIDIA Q4 FY2026财报电话会:Vera Rubin即将量产,物理AI开启新浪潮", [
    "<!--IMG_0-->",
    "英伟达发布第四财季及全年财报,第四财季营收681亿美元,全年营收2159亿美元。公司预计第一财季营收指引为780亿美元。",
    "<strong>以下为英伟达第四财季电话会精华版:</strong>",
    "克雷斯表示,数据中心业务营收再创新高,Vera Rubin平台已经开始送样,将于下半年量产。",
    "黄仁勋表示,物理AI正在开启新的浪潮,机器人、自动驾驶和数字孪生都将建立在Vera Rubin和Omniverse之上。",
    "黄仁勋认为,主权AI和物理AI是未来十年最大的机会,每一家工厂都将成为机器人工厂。",
    "<strong>以下为问答环节</strong>",
    QA + "Vera Rubin的量产时间表是否有变化?",
    label("黄仁勋") + "Vera Rubin按计划推进,所有六款芯片都已经回片,下半年量产。",
    QA + "物理AI什么时候能带来可观的营收?",
    label("黄仁勋") + "物理AI已经在汽车和机器人领域带来营收,机器人将是下一个万亿美元的产业。",
    QA + "毛利率展望如何?",
    label("克雷斯") + "我们预计毛利率将保持在七成中段,Vera Rubin的爬坡不会改变这一点。",
    "(文/测试,编辑/测试)",
])

write_fixture("quarters/nvidia/corpus.toml", """# What the NVIDIA calls' text does not say: call dates (and one fiscal year, which the text
# also implies through NVIDIA's fiscal calendar). Everything else is inferred.
[defaults]
event = "earnings call"

[[document]]
path = "nvda_q1.txt"
call_date = 2025-05-28

[[document]]
path = "nvda_q3.txt"
call_date = 2025-11-19
fiscal_year = 2026
""")

scraped_to("quarters/amd/amd_2025q2.txt", "2025-08-06 08:00:00", "AMD第二季度营收77亿美元,MI350开始出货", [
    "<!--IMG_0-->",
    "AMD公布2025年第二季度财报,营收77亿美元,同比增长32%。受出口管制影响,MI308相关库存减记8亿美元。",
    "<strong>以下为AMD第二季度电话会精华版:</strong>",
    "苏姿丰表示,数据中心业务营收32亿美元,EPYC处理器份额继续提升,MI350系列已经开始向客户出货。",
    "胡锦表示,剔除出口管制带来的减记,毛利率为54%。",
    "<strong>以下为问答环节</strong>",
    QA + "MI350的客户反馈如何?",
    label("苏姿丰") + "MI350的推理性能非常出色,多家云服务商正在部署,ROCm软件生态也在快速成熟。",
    QA + "出口管制对下半年有什么影响?",
    label("胡锦") + "我们的指引不包含向中国出货MI308的营收,出口管制仍有不确定性。",
    "(文/测试,编辑/测试)",
])

scraped_to("quarters/amd/amd_2025q3.txt", "2025-11-05 08:00:00", "AMD第三季度营收创新高,与OpenAI达成6吉瓦合作", [
    "<!--IMG_0-->",
    "AMD公布2025年第三季度财报,营收92亿美元,同比增长36%,创历史新高。",
    "<strong>以下为AMD第三季度电话会精华版:</strong>",
    "苏姿丰表示,与OpenAI达成的6吉瓦合作将从明年下半年开始部署MI450,Helios机柜方案将成为下一代AI基础设施。",
    "苏姿丰认为,数据中心AI业务将在未来几年实现数百亿美元的营收,EPYC和锐龙处理器份额持续提升。",
    "<strong>以下为问答环节</strong>",
    QA + "OpenAI的合作何时贡献营收?",
    label("苏姿丰") + "MI450和Helios机柜将在明年下半年开始贡献营收,我们对推理和训练需求都很有信心。",
    QA + "毛利率的趋势如何?",
    label("胡锦") + "第三季度毛利率为54%,数据中心业务的增长将继续推动毛利率提升。",
    "(文/测试,编辑/测试)",
])

write_fixture("quarters/amd/corpus.csv", 'path,company,fiscal_year,fiscal_quarter,call_date,analysts\r\n'
      'amd_2025q2.txt,AMD,2025,Q2,2025-08-05,"Vivek Arya, Joseph Moore"\r\n'
      'amd_2025q3.txt,超威半导体,FY2025,第三季度,2025-11-04,"Aaron Rakers, ""CJ"" Muse"\r\n')

# Metadata inference edge cases.
scraped_to("metadata/nvda_q2_conflict.txt", "2025-11-20 10:00:00", "英伟达第二财季回顾", [
    "英伟达公布第三财季财报,第三财季营收570亿美元。",
    "第三财季数据中心业务增长强劲。",
])
scraped_to("metadata/tie.txt", "2025-11-20 10:00:00", "芯片公司财报速览", [
    "英伟达第二财季营收467亿美元,第三财季营收570亿美元。",
])
scraped_to("metadata/nvda_traditional.txt", "2025-11-20 10:00:00", "輝達第三財季營收創新高", [
    "輝達公布截至2025年10月26日的2026財年第三財季財報,營收570億美元。",
    "黃仁勳表示,加速運算與生成式AI的需求強勁。",
])
write_fixture("metadata/english_call.txt", "NVIDIA reported results for the third quarter of fiscal 2026, the quarter ended October 26, 2025.\n"
      "The company held its earnings conference call on November 19, 2025.\n"
      "Revenue for Q3 FY2026 was a record, and the outlook for the fourth quarter is strong.\n")
scraped_to("metadata/listed.txt", "2025-11-20 10:00:00", "英伟达第三财季财报", [
    "英伟达公布第三财季财报。",
])
write_fixture("metadata/corpus.csv", "path,company,fiscal_quarter,call_date\nlisted.txt,英伟达,2,not a date\nmissing.txt,英伟达,3,2025-11-19\n")

scraped_to("manifests/broken/nvda_q3.txt", "2025-11-20 10:00:00", "英伟达第三财季财报", ["英伟达公布第三财季财报。"])
write_fixture("manifests/broken/corpus.csv", 'path,company\nnvda_q3.txt,"英伟达\n')
scraped_to("manifests/both/nvda_q3.txt", "2025-11-20 10:00:00", "英伟达第三财季财报", ["英伟达公布第三财季财报。"])
write_fixture("manifests/both/corpus.csv", "path,company\nnvda_q3.txt,AMD\n")
write_fixture("manifests/both/corpus.toml", '[[document]]\npath = "nvda_q3.txt"\ncompany = "AMD"\n')
# A training word list in the SIGHAN format (one word a line, no frequencies; BOM, CRLF), for
# the closed-track mode (--lexicon FILE --no-domain). Full-width digits and one Traditional word
# check that the list is normalized like the text.
words = ["世纪", "新世纪", "本世纪", "世纪末", "新", "的", "是", "在", "了", "年", "月", "日", "张",
         "中国", "人民", "迎来", "新年", "贺词", "附", "图片", "發展", "经济", "，", "。", "（", "）",
         "１９９８年", "１９９７年", "１９９９年", "１２月", "１１月", "９月", "３１日", "３０日", "１日",
         "３张图"]
with open(os.path.join(HERE, "training-words.txt"), "w", encoding="utf-8", newline="") as f:
    f.write("\ufeff" + "".join(w + "\r\n" for w in words))

# A small gold file in the SIGHAN layout (words separated by two spaces; the second line by
# U+3000 as in the AS gold) and its unsegmented input, for `zhtext eval`.
gold_lines = ["２００３年  １月  ５日  ，  中国  人民  迎来  新年  。",
              "经济\u3000發展\u3000在\u3000新世纪\u3000（\u3000附\u3000图片\u3000２\u3000张\u3000）"]
with open(os.path.join(HERE, "eval-gold.txt"), "w", encoding="utf-8", newline="") as f:
    f.write("".join(line + "\r\n" for line in gold_lines))
with open(os.path.join(HERE, "eval-input.txt"), "w", encoding="utf-8", newline="") as f:
    f.write("".join(line.replace("\u3000", "").replace(" ", "") + "\r\n" for line in gold_lines))

# Export fixture: text that must stay inert in every output (a script in the title, formula-like
# cells for spreadsheets) and every kind of data-quality damage the quality table reports.
os.makedirs(os.path.join(HERE, "export"), exist_ok=True)
scraped("export/hostile.txt", "2025-12-01 08:00:00", '英伟达<script>alert("x")</script>第四财季营收增%', [
    '=HYPERLINK("http://example.com/x","点击查看")英伟达营收.5亿美元。',
    "+86 010 1234 5678 是投资者关系电话,@英伟达 官方账号发布了公告。",
    "-15倍的增长来自NVІDIA的数据中心业务,残留标签&lt;br&gt;与实体&amp;amp;nbsp;。",
    "日本のお客様也在采用英伟达平台,营收达到了亿美元。",
    "轉換錯誤的段落:數據中心業務與計算平台的營收繼續增長,這是傳統與简体混合的文字,這個段落來自另一個來源。",
    "替换字符\ufffd\ufffd出现在这里,生僻字𠀋也是。",
])
