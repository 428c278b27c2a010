"""Features for the learned steps: one place that turns blocks (HTML) and lines (text)
into numbers."""
