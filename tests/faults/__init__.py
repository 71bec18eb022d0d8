"""Fault injection: SIGKILLs, damaged databases, crafted progress files.

`make test` runs a few cases of each; `make faults` (ENDOQUIZ_FAULTS=1) runs
the long series whose figures docs/reliability.md gives.
"""
