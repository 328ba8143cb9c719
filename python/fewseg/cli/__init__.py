"""The `fewseg` command line (also `python -m fewseg`): one module per command.

Every command has --help. Commands that read or write files live here and in
fewseg.batch only; the library underneath is numpy in, numpy out.
"""

import argparse
import sys

from . import bench, demo, evaluate, features, predict, segment, train

COMMANDS = (segment, features, train, predict, evaluate, bench, demo)


def build_parser():
    parser = argparse.ArgumentParser(
        prog="fewseg",
        description="Segment dermoscopy images, measure lesions and classify them from a few labels.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv=None):
    """Runs the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (FileNotFoundError, ValueError, ImportError) as exc:
        print(f"fewseg {args.command}: error: {exc}", file=sys.stderr)
        return 2
