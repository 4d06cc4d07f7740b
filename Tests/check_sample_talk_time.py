#!/usr/bin/env python3
"""Hand check of the sample's Q&A turns and Han-character shares, independent of the structure stage.

Reads only `zhtext clean` text output (one paragraph per line) and applies rules written by hand for
this one document. Run from the repository root after `swift build`:
    python3 Tests/check_sample_talk_time.py .build/debug/zhtext Sources/ZHText/Resources/sample/000_8534ab1b82b9961c.txt
Its numbers are the ones StructureTests and TalkTimeTests assert.
"""
import re, subprocess, sys
out = subprocess.run([sys.argv[1], "clean", sys.argv[2]], capture_output=True, text=True).stdout
lines = [l for l in out.split("\n") if l and not l.startswith("# ")]
han = lambda s: sum(1 for c in s if 0x4E00 <= ord(c) <= 0x9FFF or 0x3400 <= ord(c) <= 0x4DBF or 0x20000 <= ord(c) <= 0x3FFFF or 0xF900 <= ord(c) <= 0xFAFF or c == "〇")
remarks = lines.index("以下为英伟达第三财季电话会精华版:")
qa = lines.index("以下为问答环节:")
print("paragraphs", len(lines), "intro", remarks, "remarks", qa - remarks - 1, "qa", len(lines) - qa - 1)
# Q&A turns: a label starts a turn; unlabelled paragraphs continue it.
turns = []
for l in lines[qa + 1:]:
    m = re.match(r"^(问|黄仁勋|克雷斯):", l)
    if m:
        turns.append([m.group(1), han(l[m.end():]), 1])
    else:
        turns[-1][1] += han(l); turns[-1][2] += 1
print("qa turns", len(turns), [(t[0], t[2], t[1]) for t in turns])
total = sum(t[1] for t in turns)
for who in ["问", "克雷斯", "黄仁勋"]:
    n = sum(t[1] for t in turns if t[0] == who)
    print(f"qa {who}: turns {sum(1 for t in turns if t[0] == who)} han {n} share {n/total:.4f}")
print("qa total han", total)
# Remarks: read by hand, paragraphs 1-6 of the section report Kress (她/这位CFO), 7-13 Huang.
body = lines[remarks + 1:qa]
kress, huang = body[:6], body[6:]
assert kress[0].startswith("在电话会上,克雷斯") and kress[-1].startswith("这位CFO") and huang[0].startswith("黄仁勋则回应")
k, h = sum(map(han, kress)), sum(map(han, huang))
print(f"remarks 克雷斯 han {k} share {k/(k+h):.4f}; 黄仁勋 han {h} share {h/(k+h):.4f}")
print("intro han", sum(map(han, lines[:remarks])))
