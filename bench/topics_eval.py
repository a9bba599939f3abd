"""Evaluate topic rules on SaudiNewsNet.

(a) Silver standard: URL sections (alwatan ``/Sports/``, 3alyoum ``/finance/``, al-jazirah ``spNN.htm`` …)
    and SPA title prefixes (``رياضي /``) give one label per article.  The text rules are run WITHOUT
    hints (``use_hints=False``) and compared with that label: per-topic precision and recall over the
    articles that carry a silver label.  Precision is a lower bound: a sports-section article about a
    stadium's health clinic is legitimately ``health`` too.
(b) Hand check: a fixed random sample (seed 7, 100 articles) is written to ``bench/topics_sample.jsonl``
    (URL + assigned topics only, no article text).  ``--show`` prints title + first 300 characters from
    the corpus for reading.  Judgements live in ``bench/topics_handcheck.yaml``
    (``url -> {topic: true|false}``); per-topic precision is computed from it.

Usage: python bench/topics_eval.py [CORPUS_DIR] [--show]
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

import yaml
from corpus import articles, corpus_dir

from indexer.topics import TopicModel

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "topics_sample.jsonl"
HANDCHECK = HERE / "topics_handcheck.yaml"
SAMPLE_SIZE = 100
SEED = 7


def silver(model: TopicModel, docs: list[dict[str, str]]) -> None:
    """Per-topic precision/recall of text-only rules against URL/prefix silver labels."""
    gold: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    labelled = 0
    for doc in docs:
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
    print(f"    {'topic':<12}{'gold':>7}{'pred':>7}{'prec':>8}{'recall':>8}")
    for topic in gold_topics(model):
        p = correct[topic] / predicted[topic] if predicted[topic] else 0.0
        r = correct[topic] / gold[topic] if gold[topic] else 0.0
        print(f"    {topic:<12}{gold[topic]:>7}{predicted[topic]:>7}{p:>8.1%}{r:>8.1%}")


def gold_topics(model: TopicModel) -> list[str]:
    """Topics that have URL or prefix hints (the only ones the silver standard can judge)."""
    return [t.id for t in model.topics if t.url_hints or t.was_prefixes]


def sample(model: TopicModel, docs: list[dict[str, str]], show: bool) -> None:
    """Write the fixed sample (URL + topics) and optionally print text for reading."""
    rng = random.Random(SEED)
    chosen = rng.sample(docs, SAMPLE_SIZE)
    with SAMPLE.open("w", encoding="utf-8") as fh:
        for doc in chosen:
            topics = model.assign(doc["title"], doc["content"], doc["url"])
            fh.write(json.dumps({"url": doc["url"], "topics": topics}, ensure_ascii=False) + "\n")
            if show:
                text = " ".join(doc["content"].split())[:300]
                print(f"\n{doc['url']}\n  topics={topics}\n  {doc['title']}\n  {text}")


def handcheck() -> None:
    """Per-topic precision from the hand judgements."""
    if not HANDCHECK.exists():
        print("(b) no hand check file yet")
        return
    judged = yaml.safe_load(HANDCHECK.read_text(encoding="utf-8")) or {}
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for verdicts in judged.values():
        for topic, ok in (verdicts or {}).items():
            total[topic] += 1
            right[topic] += bool(ok)
    n_right, n_total = sum(right.values()), sum(total.values())
    print(f"(b) hand check: {len(judged)} articles, {n_total} assigned topics, precision {n_right / n_total:.1%}")
    for topic, count in total.most_common():
        print(f"    {topic:<12}{right[topic]:>4}/{count:<4}{right[topic] / count:>8.1%}")


def main(argv: list[str]) -> None:
    args = [a for a in argv if a != "--show"]
    docs = list(articles(corpus_dir(args)))
    model = TopicModel.load()
    silver(model, docs)
    sample(model, docs, "--show" in argv)
    handcheck()


if __name__ == "__main__":
    main(sys.argv)
