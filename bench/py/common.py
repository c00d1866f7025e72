"""Shared bits of the Python side of `make bench`: reading page files and
printing one JSON result line, like wbench does."""
import json
import resource
import sys


def read_pages(path):
    """The page bodies of an NDJSON file, as bytes, as they came off the wire."""
    with open(path, "rb") as f:
        return [line for line in f.read().split(b"\n") if line.strip()]


def emit(**result):
    # ru_maxrss is KiB on Linux: the process's peak resident set.
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))
    sys.stdout.flush()
