"""The scheduling conformance kit: Anki's own scheduler as the reference."""
