"""The package the notebooks share: data loading and validation, calendars, elections, views, quizzes."""

import sys

# jsonschema imports the optional `rfc3987-syntax` (pulled in by jupyter-events) to check IRI formats,
# and that package compiles a Lark grammar at import: about 2-3 s, paid by Frictionless's descriptor
# check and by nbformat (plotly's first figure). Nothing here validates IRIs, so keep it out of our
# processes. `make bench` measures the difference.
sys.modules.setdefault("rfc3987_syntax", None)
