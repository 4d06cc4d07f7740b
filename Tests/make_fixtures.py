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
