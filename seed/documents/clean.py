#!/usr/bin/env python3
"""Rebuild the cleaned documents in this folder from original/.

Steps, in order, for each file:
  1. hand fixes of conversion garbage (FIXES, applied to the raw text);
  2. removal of website chrome that is not part of the document (CHROME);
  3. removal of pinyin glued on after characters: 優(yōu)化 -> 優化;
  4. OpenCC Traditional -> Simplified: opencc -c t2s.json, then POST
     (著 -> 着 where OpenCC leaves it);
  5. ASCII , : ; ! ? ( ) next to Chinese text -> ，：；！？（）.
Numbers are never touched (the only digit change is the one restored in
FIXES, see README.md). Run from anywhere: python3 clean.py
"""
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ORIG = os.path.join(HERE, "original")

# (raw garbled text, fixed text). Each must occur exactly once.
FIXES = {
    "000_04cecbb58ca1e52b.txt": [
        ("我們?nèi)蚍⻊?wù)貿(mào)易", "我們全球服務貿易"),
        ("我們?cè)陂_放合作", "我們在開放合作"),
        ("我們?cè)诠怩r亮麗", "我們在光鮮亮麗"),
        ("變?yōu)閲?guó)有企業(yè)", "變為國有企業"),
        ("我們?nèi)舾梢庖姡?是剛才", "我們若干意見，5是剛才"),
    ],
    "003_391db7b3241bb5f2.txt": [
        ("統(tǒng)計(jì)局?jǐn)?shù)據(jù)", "統計局數據"),
        ("恢復(fù)元?dú)。", "恢復元氣。"),
        ("促銷!辈淘\ue5db|說。", "促銷！”蔡裕東說。"),
        ("更加有信心!", "更加有信心！”"),
        ("平臺(tái)!崩罘f說。", "平臺！”李穎說。"),
        ("落到實(shí)處!边呑鳁澅硎。", "落到實處！”邊作棟表示。"),
        ("巨大進(jìn)步,F(xiàn)在每天", "巨大進步，現在每天"),
    ],
}

# Regular expressions matching website chrome to delete.
CHROME = {
    "000_04cecbb58ca1e52b.txt": [
        r"\A-\n",  # stray "-" line before the title
        re.escape(" 【字體:大 中 小】【收藏本頁】【打印】【關(guān)閉】"),  # page buttons
        r"\n鄭重聲明:.*\Z",  # 鄭重聲明 line and the 熱點資訊 headline list
    ],
    "001_f8bd061393578bcb.txt": [
        r"\n文章附件:\n相关链接:\n相关文章:\n.*\Z",  # empty link labels, 版权所有/热线 footer
    ],
    "004_ef9e191e7fadc8fa.txt": [
        r"\n+扫一扫在手机打开当前页\s*\Z",
    ],
}

# Fixes applied after OpenCC: it leaves 著 where Simplified writes 着.
POST = [("随著", "随着"), ("围绕著", "围绕着"), ("存在著", "存在着"), ("著力", "着力")]

TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
PINYIN = re.compile(r"(?<=[^\x00-\x7f])\(([a-z%s]{1,7})\)" % TONES)
CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》【】…、。]"


def punct(text):
    # , between two digits (thousands separators) stays ASCII; elsewhere ，
    text = re.sub(r"(?<!\d),|,(?!\d)", "，", text)
    text = re.sub(r"，[ \t]+(?=\S)", "，", text)
    # : stays ASCII in clock times (11:51:15) and after Latin words (E-mail:)
    text = re.sub(r"(?<=%s):|:(?=%s)" % (CJK, CJK), "：", text)
    text = re.sub(r":(?=\d{4}-)", "：", text)  # 发布日期:2021-05-31
    text = text.replace(";", "；").replace("!", "！").replace("?", "？")
    text = text.replace("(", "（").replace(")", "）")
    return text


def clean(name):
    raw = open(os.path.join(ORIG, name), encoding="utf-8").read()
    for bad, good in FIXES.get(name, []):
        assert raw.count(bad) == 1, (name, bad)
        raw = raw.replace(bad, good)
    for pat in CHROME.get(name, []):
        raw, n = re.subn(pat, "", raw, flags=re.S)
        assert n == 1, (name, pat)
    raw = PINYIN.sub("", raw)
    simp = subprocess.run(["opencc", "-c", "t2s.json"], input=raw.encode(),
                          capture_output=True, check=True).stdout.decode()
    for bad, good in POST:
        simp = simp.replace(bad, good)
    out = punct(simp).rstrip() + "\n"
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(out)


if __name__ == "__main__":
    for n in sorted(os.listdir(ORIG)):
        if n.endswith(".txt"):
            clean(n)
