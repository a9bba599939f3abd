"""Near-duplicate keys: an exact content hash and MinHash LSH bands over word 5-shingles."""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from indexer.text import fold, fold_letters

MIN_HASH_CHARS = 50
MIN_SHINGLE_WORDS = 30
SHINGLE = 5
NUM_PERM = 64
SEED = 20150721

_WORD = re.compile(r"\w+")


def content_hash(body: str | None) -> str | None:
    """sha1 of the folded, whitespace-collapsed body; None for bodies under 50 characters."""
    return _content_hash(_WORD.findall(fold(body or "")))


def _content_hash(words: list[str]) -> str | None:
    key = " ".join(words)
    return hashlib.sha1(key.encode("utf-8")).hexdigest() if len(key) >= MIN_HASH_CHARS else None


def _shingles(words: list[str], size: int) -> set[str]:
    return {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 0))}


def shingles(body: str | None, size: int = SHINGLE) -> set[str]:
    """Word ``size``-shingles of the folded body (punctuation ignored)."""
    return _shingles(_WORD.findall(fold(body or "")), size)


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> np.ndarray:
    return MinHash(num_perm=num_perm, seed=SEED).permutations


def minhash_bands(body: str | None, bands: int = 16, rows: int = 4) -> list[str]:
    """LSH band keys like ``"03:9f1c2a7b"``; bodies sharing a key are near-duplicate candidates.

    Empty for bodies under 30 words.
    """
    return _bands(_WORD.findall(fold(body or "")), bands, rows)


def fingerprints(search_body: str) -> tuple[str | None, list[str]]:
    """``(content_hash, minhash_bands)`` of a body already normalised for search (folded once)."""
    words = _WORD.findall(fold_letters(search_body))
    return _content_hash(words), _bands(words)


def _bands(words: list[str], bands: int = 16, rows: int = 4) -> list[str]:
    if len(words) < MIN_SHINGLE_WORDS:
        return []
    num_perm = max(NUM_PERM, bands * rows)
    sketch = MinHash(num_perm=num_perm, seed=SEED, permutations=_permutations(num_perm), hashfunc=zlib.crc32)
    sketch.update_batch([s.encode("utf-8") for s in _shingles(words, SHINGLE)])
    values = sketch.hashvalues
    out = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].astype("<u8").tobytes()
        out.append(f"{band:02d}:{hashlib.sha1(chunk).hexdigest()[:8]}")
    return out
