"""Evaluate topic rules on SaudiNewsNet.

(a) Silver standard: URL sections (alwatan ``/Sports/``, 3alyoum ``/finance/``, al-jazirah ``spNN.htm`` …)
    and SPA title prefixes (``رياضي /``) give one label per article.  The text rules are run WITHOUT
    hints (``use_hints=False``) and compared with that label: per-topic precision and recall over the
    articles that carry a silver label.  Precision is a lower bound: a sports-section article about a
    stadium's health clinic is legitimately ``health`` too.
(b) Hand check on four fixed, disjoint random samples of 100 articles: seed 7 (used while tuning the
    rules), seed 11 (held out at first, then used for the second round of rule fixes), seed 13 (held
    out: drawn from the articles in no earlier sample, judged once with the rules frozen) and seed 17
    (drawn likewise and judged with the rules frozen on day 20: 72.3%; then used for a third round).
    All are written to ``test-artifacts/topics_sample.jsonl`` (sample, URL, assigned topics).
    ``--show`` prints title + first 300 characters of each for reading.  Judgements live in
    ``bench/topics_handcheck.yaml`` (``article_key(url) -> {topic: true|false}``, one verdict per pair,
    independent of the rules); precision is computed over the topics the CURRENT rules assign, and
    pairs not judged yet are listed so they can be added.

Usage: python bench/topics_eval.py [CORPUS_DIR] [--show]
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

import yaml
from corpus import article_key, load_corpus

from indexer.topics import TopicModel

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "test-artifacts" / "topics_sample.jsonl"  # output, not committed
HANDCHECK = HERE / "topics_handcheck.yaml"
SAMPLE_SIZE = 100
SEEDS = (7, 11, 13, 17)  # 7: tuning sample; 11, 17: later tuning rounds (held out when judged); 13: held out
HELD_OUT = (13,)


def silver(model: TopicModel, docs: list[dict[str, str]]) -> None:
    """Per-topic precision/recall of text-only rules against URL/prefix silver labels."""
    gold: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    labelled = covered = 0
    for doc in docs:
        covered += bool(model.assign(doc["title"], doc["content"], doc["url"]))
        hinted = {model.topics[i].id for i in model.hinted(doc["url"], doc["title"] or "")}
        if len(hinted) != 1:
            continue
        labelled += 1
        label = hinted.pop()
        topics = set(model.assign(doc["title"], doc["content"], doc["url"], use_hints=False))
        gold[label] += 1
        for topic in topics & set(gold_topics(model)):
            predicted[topic] += 1
            correct[topic] += topic == label
    print(f"(a) silver standard: {labelled} articles with one URL/prefix label (text rules only)")
    print(f"    share of all articles with >=1 topic (rules + hints): {covered / len(docs):.1%}")
    print(f"    {'topic':<12}{'gold':>7}{'pred':>7}{'prec':>8}{'recall':>8}")
    for topic in gold_topics(model):
        p = correct[topic] / predicted[topic] if predicted[topic] else 0.0
        r = correct[topic] / gold[topic] if gold[topic] else 0.0
        print(f"    {topic:<12}{gold[topic]:>7}{predicted[topic]:>7}{p:>8.1%}{r:>8.1%}")


def gold_topics(model: TopicModel) -> list[str]:
    """Topics that have URL or prefix hints (the only ones the silver standard can judge)."""
    return [t.id for t in model.topics if t.url_hints or t.was_prefixes]


def samples(docs: list[dict[str, str]]) -> dict[int, list[dict[str, str]]]:
    """The fixed samples: seed 7 from all articles, each next seed from what is left (disjoint)."""
    out: dict[int, list[dict[str, str]]] = {}
    used: set[str] = set()
    for seed in SEEDS:
        pool = [d for d in docs if d["url"] not in used]
        out[seed] = random.Random(seed).sample(pool, SAMPLE_SIZE)
        used.update(d["url"] for d in out[seed])
    return out


def sample(model: TopicModel, chosen: dict[int, list[dict[str, str]]], show: bool) -> dict[str, list[str]]:
    """Write the samples (URL + topics), optionally print text for reading; ``url -> topics``."""
    assigned: dict[str, list[str]] = {}
    SAMPLE.parent.mkdir(exist_ok=True)
    with SAMPLE.open("w", encoding="utf-8") as fh:
        for seed, docs in chosen.items():
            for doc in docs:
                topics = model.assign(doc["title"], doc["content"], doc["url"])
                assigned[doc["url"]] = topics
                row = {"sample": seed, "url": doc["url"], "topics": topics}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                if show:
                    text = " ".join(doc["content"].split())[:300]
                    print(f"\n[{seed}] {doc['url']}\n  topics={topics}\n  {doc['title']}\n  {text}")
    return assigned


def handcheck(chosen: dict[int, list[dict[str, str]]], assigned: dict[str, list[str]]) -> None:
    """Per-sample, per-topic precision of the current assignments from the hand judgements."""
    judged = (yaml.safe_load(HANDCHECK.read_text(encoding="utf-8")) if HANDCHECK.exists() else None) or {}
    for seed, docs in chosen.items():
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        unjudged: list[tuple[str, str]] = []
        for doc in docs:
            verdicts = judged.get(article_key(doc["url"])) or {}
            for topic in assigned[doc["url"]]:
                if topic not in verdicts:
                    unjudged.append((doc["url"], topic))
                    continue
                total[topic] += 1
                right[topic] += bool(verdicts[topic])
        n_right, n_total = sum(right.values()), sum(total.values())
        with_topic = sum(bool(assigned[d["url"]]) for d in docs)
        role = "held out" if seed in HELD_OUT else "tuning"
        print(
            f"(b) hand check seed {seed} ({role}): {len(docs)} articles, {with_topic} with >=1 topic, "
            f"{n_total} judged topics, precision {n_right / max(n_total, 1):.1%}, {len(unjudged)} unjudged"
        )
        for topic, count in total.most_common():
            print(f"    {topic:<12}{right[topic]:>4}/{count:<4}{right[topic] / count:>8.1%}")
        for url, topic in unjudged:
            print(f"    unjudged: {topic:<12}{article_key(url)}  {url}")


def main(argv: list[str]) -> None:
    args = [a for a in argv if a != "--show"]
    docs = load_corpus(args, __doc__)
    model = TopicModel.load()
    silver(model, docs)
    chosen = samples(docs)
    handcheck(chosen, sample(model, chosen, "--show" in argv))


if __name__ == "__main__":
    main(sys.argv)
