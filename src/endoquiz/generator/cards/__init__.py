"""The card sources of a generated deck, one module each, and the drafts they make."""
