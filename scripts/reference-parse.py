#!/usr/bin/env python3
"""Parses metrics pages with the reference Python parser (prometheus_client) and prints one
verdict per file: `ok` or `error: …`. Used by the conformance test and the benchmark.

usage: reference-parse.py FILE...   (.om files as OpenMetrics, others as the text format)
"""
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_om
from prometheus_client.parser import text_string_to_metric_families as parse_text


def main():
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        parse = parse_om if path.endswith(".om") else parse_text
        try:
            for family in parse(text):
                list(family.samples)
            print("ok")
        except Exception as e:  # the parsers raise ValueError and friends
            print("error: " + str(e).replace("\n", " ")[:200])


if __name__ == "__main__":
    main()
