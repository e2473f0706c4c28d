#!/usr/bin/env python3
"""tpos.py with one realistic bug: it accepts MIS_N2N_Prereg_Xfer requests from any PoS it
shares an MIS SA with, without checking that the source is one of its roaming partners.
The harness must fail it on 5.14.1-S6 (the TPoS rejects messages from an unauthorized source)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tpos  # noqa: E402

if __name__ == "__main__":
    sys.argv = [sys.argv[0], "--bug", "unauthorized-source"] + sys.argv[1:]
    sys.exit(tpos.main())
