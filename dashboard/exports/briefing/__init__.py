"""The region briefing deck: content from the numbers, charts, PPTX and PDF writers."""
