"""Figures: plotly figures as plain JSON data (plotly_json), palette, timeline, maps, seats, ranges."""
