"""The executable's entry point in the bundles PyInstaller builds."""

from endoquiz.cli import main

raise SystemExit(main())
