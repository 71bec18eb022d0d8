"""Allows `python -m endoquiz`."""

from endoquiz.cli import main

raise SystemExit(main())
