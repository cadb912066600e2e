"""What a notebook cell calls (`from helpers import lesson; lesson.X(...)`), grouped by what the cells do.

- `kernel`: the set-up cell (`lesson.start`: libraries settled, plotly offline, data errors as messages);
- `reading`: the article's own words (`lesson.article`, `passage`, `reading_copy`);
- `context`: sources and outside context (`beyond`, `terms`, `ledger`, `ledger_jigsaw`, `side_by_side`,
  `context_events`, `outside_voices`, `box`);
- `views`: figures and explorers (`show` with its text alternative, `timeline`, `contested_range`,
  `show_contested`, `timeline_explorer`, `glossary_search`);
- `tables`: named tables of events, dates and claims; `seats`: votes and seats, computed here;
  `shown`: how they reach the screen (human headers, a number with its label and unit);
- `closing`: the end of a lesson and the way round (`decide_first`, `organiser`, `collection_map`).
"""

from helpers.lesson import kernel  # noqa: F401  # first: it loads and settles pandas, plotly, ipywidgets
from helpers.lesson.closing import collection_map, decide_first, organiser
from helpers.lesson.context import (
    beyond,
    box,
    cite,
    claim,
    context_events,
    ledger,
    ledger_jigsaw,
    outside_voices,
    side_by_side,
    sources,
    terms,
)
from helpers.lesson.kernel import offline_plotly, settle_libraries, show_data_error, start
from helpers.lesson.reading import article, passage, reading_copy, shown_group
from helpers.lesson.seats import (
    last_quotient,
    named_lists,
    seat_exercise,
    seat_total,
    seats_by_bloc,
    seats_by_quota,
    seats_compared,
    seats_printed,
    top_share,
    vote_bars,
    vote_shares,
    vote_table,
)
from helpers.lesson.tables import (
    calendars_by_phase,
    citation_forms,
    claims_by_kind,
    contested_ids,
    dates_table,
    figure_value,
    from_article,
    phases,
    pick,
    printed_date,
    with_outside,
)
from helpers.lesson.views import (
    contested_range,
    glossary_search,
    names,
    show,
    show_contested,
    timeline,
    timeline_explorer,
)

__all__ = [
    "article",
    "beyond",
    "box",
    "calendars_by_phase",
    "citation_forms",
    "cite",
    "claim",
    "claims_by_kind",
    "collection_map",
    "contested_ids",
    "contested_range",
    "context_events",
    "dates_table",
    "decide_first",
    "figure_value",
    "from_article",
    "glossary_search",
    "last_quotient",
    "ledger",
    "ledger_jigsaw",
    "named_lists",
    "names",
    "offline_plotly",
    "organiser",
    "outside_voices",
    "passage",
    "phases",
    "pick",
    "printed_date",
    "reading_copy",
    "seat_exercise",
    "seat_total",
    "seats_by_bloc",
    "seats_by_quota",
    "seats_compared",
    "seats_printed",
    "settle_libraries",
    "show",
    "show_contested",
    "show_data_error",
    "shown_group",
    "side_by_side",
    "sources",
    "start",
    "terms",
    "timeline",
    "timeline_explorer",
    "top_share",
    "vote_bars",
    "vote_shares",
    "vote_table",
    "with_outside",
]
