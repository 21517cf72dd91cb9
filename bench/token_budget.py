"""Tokens sent per draft relative to the notes, for the sample and 50 / 500 / 5,000 opinions.

    python bench/token_budget.py [--sizes 50 500 5000] [--provider deepseek] [--json]

The real LLM drafter runs in process against a model that answers every request validly
(sim_server.py: recorded answers for the sample, generic ones for generated notes), so no
server and no delay are needed; every request is counted with the project's own token
estimate (messages, plus the schema when the provider takes one beside the prompt).

Each request splits into the opinions it carries (the data block of the sort and problems
calls) and everything else: system prompt, instructions, schema, the aspect list, and the
problem list of the causes and measures calls, which is bounded by 4 problems per aspect
and so does not grow with the notes. That second part is the per-call overhead.

No target any more. An earlier target (input <= 1.5 x notes + a fixed overhead per call)
made the sort call show each opinion as a 12-character extract, and a model then sorted
fragments instead of opinions (issue 13). The sort call now carries every opinion in full,
and the problems calls carry them again, so the opinion text is sent about twice
(ratio ~2), plus the per-call overhead: the right trade for a correct sort. The table
still reports the ratio, to show what a change to the prompts costs.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from benchlib import ROOT, Report, emit
from notes_gen import make_notes
from selfreview.drafting.base import DraftRequest
from selfreview.llm.drafter import LLMDrafter
from selfreview.modelclient.config import UserConfig
from selfreview.modelclient.exchange import estimate_tokens
from selfreview.modelclient.providers import resolve_provider
from selfreview.notes import read_notes
from selfreview.outline import load_outline
from selfreview.schema import Voice
from sim_server import DATA_END, DATA_START, SimChat, answer_chain

SAMPLE = ROOT / "fixtures" / "notes" / "sample-notes.txt"


def measure(path: Path, provider_name: str) -> dict[str, float]:
    """Draft ``path`` once; token counts by kind."""
    from selfreview.llm.dedupe import merge_near_duplicates
    from selfreview.schema import OpinionKind

    document = read_notes(path)
    request = DraftRequest(
        opinions=document.opinions,
        outline=load_outline("2021-five"),
        voice=Voice.COLLECTIVE,
        org="某市政府党组",
    )
    provider = resolve_provider(provider_name, UserConfig())
    chat = SimChat(answer_chain(["recorded", "author", "generic"]))
    drafter = LLMDrafter(chat, provider, jobs=8)
    drafter.draft(request)
    notes = estimate_tokens(path.read_text(encoding="utf-8"))
    sort_data = problems_data = total_in = total_out = 0
    overheads = []
    for sent, tokens_in, tokens_out in chat.requests:
        total_in += tokens_in
        total_out += tokens_out
        prompt = sent.messages[1].content
        data = 0
        if sent.label.startswith(("sort", "problems")) and DATA_START in prompt:
            data = estimate_tokens(prompt.split(DATA_START, 1)[1].split(DATA_END, 1)[0])
            if sent.label.startswith("sort"):
                sort_data += data
            else:
                problems_data += data
        overheads.append(tokens_in - data)
    to_sort = [o for o in document.opinions if o.kind is not OpinionKind.LAST_YEAR]
    return {
        "opinions": len(document.opinions),
        "groups": len(merge_near_duplicates(to_sort)),
        "notes": notes,
        "calls": len(chat.requests),
        "sort_calls": sum(1 for r, _, _ in chat.requests if r.label.startswith("sort")),
        "input": total_in,
        "output": total_out,
        "sort_data": sort_data,
        "problems_data": problems_data,
        "overhead_mean": statistics.mean(overheads),
        "overhead_max": max(overheads),
    }


def run(sizes: list[int], provider: str = "deepseek") -> Report:
    """Measure the sample and every generated size."""
    results: list[tuple[str, dict[str, float]]] = [("sample", measure(SAMPLE, provider))]
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"notes-{size}.txt"
            path.write_text(make_notes(size), encoding="utf-8")
            results.append((f"{size:,}", measure(path, provider)))
    rows = []
    for name, r in results:
        ratio = (r["sort_data"] + r["problems_data"]) / r["notes"]
        rows.append(
            [
                name,
                int(r["opinions"]),
                int(r["groups"]),
                int(r["notes"]),
                f"{int(r['calls'])} ({int(r['sort_calls'])})",
                int(r["input"]),
                int(r["output"]),
                f"{r['sort_data'] / r['notes']:.2f}",
                f"{r['problems_data'] / r['notes']:.2f}",
                f"{r['overhead_mean']:.0f} / {r['overhead_max']:.0f}",
                f"{ratio:.2f}",
                f"{r['input'] / r['notes']:.2f}",
            ]
        )
    return Report(
        benchmark="token_budget",
        title=f"4. Tokens sent per draft (provider {provider}, estimated tokens)",
        columns=[
            "notes",
            "opinions",
            "groups",
            "notes tok",
            "calls (sort)",
            "input tok",
            "output tok",
            "sort/notes",
            "problems/notes",
            "overhead/call mean/max",
            "ratio",
            "input/notes",
        ],
        rows=rows,
        notes=[
            "groups: opinions left after merging near-duplicates (each group is sent once)",
            "sort/notes, problems/notes: opinion text each stage carries, relative to the notes",
            "ratio = (input - calls x mean overhead) / notes = (sort + problems) / notes",
            "no target: the 1.5 x target is withdrawn, the sort call carries opinions in full",
        ],
        targets=[],
        data={name: r for name, r in results},
    )


def main() -> None:
    """Print the table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--provider", default="deepseek", help="a provider of the registry")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    emit(run(args.sizes, args.provider), args.json)


if __name__ == "__main__":
    main()
