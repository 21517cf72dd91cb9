"""The truth predicates every drafter and checker shares (issue 13, item 7).

"Concrete fact", "concrete event", "advice, not a fact", "reporting frame", "key term",
"coverage" (facts of an opinion missing from a text) and "sourceless": each is defined
once, in this package, as a pure function. The offline drafter, the model-reply validator
and ``draft check`` call these functions and nothing else for these questions, so that
what the drafter promises is what the checker tests. Import them from here; by concern:

- :mod:`~selfreview.predicates.text`: sentences, clauses, quotes;
- :mod:`~selfreview.predicates.speech`: reporting frames, advice, a restated 针对 lead;
- :mod:`~selfreview.predicates.facts`: concrete facts and events;
- :mod:`~selfreview.predicates.coverage`: reported and missing facts, key terms, sources.

No imports from drafting/, checks/, llm/ or review/: only :mod:`selfreview.grounding`
(figure normalisation) and jieba (segmentation, loaded on first use).
"""

from __future__ import annotations

from selfreview.predicates.coverage import (
    is_sourceless,
    key_terms,
    missing_facts,
    report_clauses,
    reported_facts,
    shares_key_term,
    uncovered_facts,
)
from selfreview.predicates.facts import concrete_facts, is_concrete
from selfreview.predicates.speech import (
    has_reporting_frame,
    is_advice,
    restated_lead,
    strip_reporting_frame,
    strip_restated_lead,
)
from selfreview.predicates.text import clauses, normalise_quotes, sentences

__all__ = [
    "clauses",
    "concrete_facts",
    "has_reporting_frame",
    "is_advice",
    "is_concrete",
    "is_sourceless",
    "key_terms",
    "missing_facts",
    "normalise_quotes",
    "report_clauses",
    "reported_facts",
    "restated_lead",
    "sentences",
    "shares_key_term",
    "strip_reporting_frame",
    "strip_restated_lead",
    "uncovered_facts",
]
