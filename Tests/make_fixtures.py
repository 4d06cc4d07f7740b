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
