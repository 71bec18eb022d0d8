"""What every layer shares: checks of values read from outside, and time conversions."""
