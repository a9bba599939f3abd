"""Duplicate keys of one article: an exact content hash and MinHash LSH bands over word 5-shingles.

Grouping the articles that share them happens after a load, in :mod:`indexer.duplicates`."""

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
# datasketch's universal hashing constants (a * h + b) mod prime, truncated to 32 bits.
_MERSENNE_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)


def content_hash(body: str | None) -> str | None:
    """sha1 of the folded, whitespace-collapsed body; None for bodies under 50 characters."""
    return _content_hash(_WORD.findall(fold(body or "")))


def _content_hash(words: list[str], joined: str | None = None) -> str | None:
    key = " ".join(words) if joined is None else joined
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
    joined = " ".join(words)
    return _content_hash(words, joined), _bands(words, joined=joined)


def _shingle_hashes(words: list[str], joined: str, size: int = SHINGLE) -> np.ndarray:
    """crc32 of the UTF-8 bytes of every word ``size``-shingle (repeats included), as uint64.

    The shingles are slices of ``joined`` (the words joined by single spaces) encoded once: their
    byte spans come from the positions of the spaces, so no shingle string is built.
    """
    data = joined.encode("utf-8")
    spaces = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0x20)
    count = len(words) - size + 1
    starts = np.concatenate(([0], spaces + 1))[:count].tolist()
    ends = np.concatenate((spaces, [len(data)]))[size - 1 :].tolist()
    view, crc32 = memoryview(data), zlib.crc32
    return np.array([crc32(view[s:e]) for s, e in zip(starts, ends, strict=True)], dtype=np.uint64)


def _minhash(hashes: np.ndarray, num_perm: int) -> np.ndarray:
    """MinHash signature exactly as ``datasketch.MinHash(num_perm, seed=SEED).update_batch`` computes it:
    ``min((a * h + b) mod 2**64 mod prime & 0xFFFFFFFF)`` over the hashes ``h``, per permutation.

    ``x mod (2**61 - 1)`` is computed without division, in place: ``(x & prime) + (x >> 61)`` is
    congruent to ``x`` and below ``2 * prime``, so one conditional subtraction finishes it.
    """
    a, b = _permutations(num_perm)
    x = np.multiply.outer(hashes, a)  # wraps modulo 2**64 like datasketch's uint64 product
    x += b
    high = x >> np.uint64(61)
    x &= _MERSENNE_PRIME
    x += high
    over = x >= _MERSENNE_PRIME
    if over.any():
        x[over] -= _MERSENNE_PRIME
    x &= _MAX_HASH
    return x.min(axis=0)


def _bands(words: list[str], bands: int = 16, rows: int = 4, joined: str | None = None) -> list[str]:
    if len(words) < MIN_SHINGLE_WORDS:
        return []
    num_perm = max(NUM_PERM, bands * rows)
    values = _minhash(_shingle_hashes(words, " ".join(words) if joined is None else joined), num_perm)
    raw = values.astype("<u8").tobytes()
    step = rows * 8
    return [
        f"{band:02d}:{hashlib.sha1(raw[band * step : (band + 1) * step]).hexdigest()[:8]}" for band in range(bands)
    ]
