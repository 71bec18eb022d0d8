"""What every layer shares: checks of values from outside, times, collector pauses."""
