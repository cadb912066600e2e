"""Figures: plotly figures as plain JSON data (plotly_json), palette, labels, timeline, maps, seats, ranges."""
