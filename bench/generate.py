"""Realistic generated records for benchmarks: mixed Latin and CJK, 1-8 authors, abstracts."""

from __future__ import annotations

import random

from app.core.records import Creator, PartialDate, Record

WORDS = ("analysis learning deep network model data system study effect method review "
         "protein cell climate change social policy health cancer gene quantum theory market "
         "language education urban water energy neural brain evidence trial children risk "
         "global structure dynamics optimization inference survey adaptive control signal").split()
RARE = ("zymurgy quixotic xenolith ptarmigan fjord sphygmomanometer").split()
FAMILIES = ("Smith Müller García Nguyen Kowalski O'Brien Dubois Rossi Yamamoto Kim Ivanov "
            "Schröder Peña Øvergaard Łukasz Johansson Martínez Novák Silva Chen").split()
GIVEN = "John Anna José Marie Li Wei Yuki Olga Hans Sofia Ahmed Chloé".split()
CJK_FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗".replace("", " ").split()
CJK_GIVEN = "小明 华 伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超".split()
CJK_WORDS = ("数字 人文 研究 方法 综述 社会 经济 发展 教育 网络 数据 分析 模型 系统 文化 历史 "
             "语言 医学 环境 城市 政策 理论 实践 技术 创新").split()
JOURNALS = ("Nature;Science;Physical Review Letters;Journal of Biological Chemistry;PLOS ONE;"
            "中国图书馆学报;情报学报;图书情报工作;Asian Perspective;The Lancet").split(";")
TYPES = ("article-journal", "article-journal", "article-journal", "book", "chapter",
         "paper-conference", "thesis", "report")


def make_record(rng: random.Random, i: int) -> Record:
    cjk = rng.random() < 0.3
    n_auth = rng.randint(1, 8)
    if cjk:
        title = "".join(rng.choice(CJK_WORDS) for _ in range(rng.randint(3, 7)))
        creators = [Creator(family=rng.choice(CJK_FAMILY), given=rng.choice(CJK_GIVEN))
                    for _ in range(n_auth)]
        abstract = "。".join("".join(rng.choice(CJK_WORDS) for _ in range(8)) for _ in range(6))
        language = "zh-CN"
    else:
        words = [rng.choice(WORDS) for _ in range(rng.randint(4, 12))]
        if rng.random() < 0.01:
            words.append(rng.choice(RARE))
        title = " ".join(words).capitalize()
        creators = [Creator(family=rng.choice(FAMILIES), given=rng.choice(GIVEN))
                    for _ in range(n_auth)]
        abstract = " ".join(rng.choice(WORDS) for _ in range(120))
        language = "en"
    return Record(
        type=rng.choice(TYPES), title=title, creators=creators,
        issued=PartialDate(rng.randint(1950, 2025), rng.randint(1, 12)),
        container_title=rng.choice(JOURNALS), volume=str(rng.randint(1, 300)),
        issue=str(rng.randint(1, 12)), pages=f"{(p := rng.randint(1, 900))}-{p + rng.randint(1, 30)}",
        doi=f"10.{rng.randint(1000, 9999)}/gen.{i}", abstract=abstract, language=language,
        keywords=[rng.choice(WORDS) for _ in range(3)],
    )


def make_records(n: int, seed: int = 42) -> list[Record]:
    rng = random.Random(seed)
    return [make_record(rng, i) for i in range(n)]
