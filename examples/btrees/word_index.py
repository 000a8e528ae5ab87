# SPDX-License-Identifier: 0BSD
"""A small full-text index whose queries are BTrees range searches and set operations.

The index is an OOBTree that maps each word to an IIBTree ``{document id: count}``.
Every word of a query must occur (``--any``: at least one); ``--without WORD`` drops
the documents that contain WORD; ``bucket*`` stands for every word starting with
"bucket".  A document scores the number of times the query's words occur in it (a
``prefix*`` term counts once), and the best score comes first::

    python word_index.py btree
    python word_index.py --any btree dict
    python word_index.py 'btree*' --without dict
"""
import argparse
import re
import sys

from BTrees.IIBTree import (
    IIBTree, IIBucket, difference, multiunion, weightedIntersection, weightedUnion)
from BTrees.OOBTree import OOBTree

DOCUMENTS = [
    "A BTree is a sorted mapping; a BTree loads only the buckets you touch.",
    "A dict is pickled whole: a big dict in one object is slow to load and to save.",
    "ZEO serves one database to many processes.",
    "BTrees answer range searches, and their set operations combine results.",
    "Buckets and sets are small: use a BTree or a TreeSet when the data grows.",
]


def words(text):
    return re.findall(r"[a-z]+", text.lower())


def build_index(documents):
    """An OOBTree: word -> IIBTree {document id: how often the word occurs in it}."""
    index = OOBTree()
    for doc_id, text in enumerate(documents):
        for word in words(text):
            postings = index.get(word)
            if postings is None:
                postings = index[word] = IIBTree()
            postings[doc_id] = postings.get(doc_id, 0) + 1
    return index


def words_starting_with(index, prefix):
    """The indexed words that start with *prefix*: one range search, no scan."""
    if not prefix:
        return list(index.keys())
    # Every word with this prefix sorts at or after the prefix itself and before
    # the prefix with its last letter raised by one ("bucket" -> "buckeu").
    end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return list(index.keys(min=prefix, max=end, excludemax=True))


def postings_for(index, term):
    """{document id: count} for a word, or the set of documents for a ``prefix*``."""
    if term.endswith("*"):
        # Each matching word has an IIBTree; multiunion merges all their keys at once.
        return multiunion([index[word] for word in words_starting_with(index, term[:-1])])
    return index.get(term, IIBTree())


def search(index, terms, any_term=False, without=()):
    """Rank the documents that match *terms*: {document id: score} as an IIBucket."""
    combine = weightedUnion if any_term else weightedIntersection
    result = None
    for term in terms:
        # The weighted operations add up the counts for the documents they keep.
        # With None on one side they return the other side itself, not a copy.
        _, result = combine(result, postings_for(index, term))
    # A Bucket of our own: a copy of a mapping, or {document: 1} for a set.  Never
    # hand out a BTree of the index itself: the caller could change it.
    _, result = weightedUnion(IIBucket(), result)
    for word in without:
        result = difference(result, index.get(word, IIBTree()))
    return result


def ranked(result):
    """Document ids, best first (highest score, then lowest id)."""
    return sorted(result, key=lambda doc_id: (-result[doc_id], doc_id))


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Search a few built-in documents with a BTree index.")
    parser.add_argument("terms", nargs="*", metavar="WORD",
                        help="a word, or a prefix followed by * "
                             "(default: a few sample queries)")
    parser.add_argument("--any", action="store_true",
                        help="match documents with any of the words, not all")
    parser.add_argument("--without", action="append", default=[], metavar="WORD",
                        help="leave out documents containing WORD (repeatable)")
    args = parser.parse_args(argv)

    if args.terms:
        queries = [(args.terms, args.any, args.without)]
    elif args.any or args.without:
        parser.error("name at least one WORD to search for")
    else:
        queries = [(["btree"], False, []), (["btree", "dict"], True, []),
                   (["bucket*"], False, []), (["btree*"], False, ["dict"])]

    index = build_index(DOCUMENTS)
    for terms, any_term, without in queries:
        terms = [term.lower() for term in terms]
        result = search(index, terms, any_term, [w.lower() for w in without])
        print(" ".join((["--any"] if any_term else []) + terms
                       + [f"--without {w}" for w in without]))
        for doc_id in ranked(result):
            print(f"  {doc_id} ({result[doc_id]}) {DOCUMENTS[doc_id]}")
        if not result:
            print("  no match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
