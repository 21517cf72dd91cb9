"""The LLM path against a simulated model, and the single-call baseline at equal output.

    python bench/llm_speed.py [--ttft 1.0] [--rate 40] [--jobs 8 4] [--slots 0] [--json]

A local OpenAI-compatible server (sim_server.py) answers every request after
``ttft + output_tokens / rate`` seconds, with the sample's answers (recorded exchanges, or
the stand-in's answers the fixtures are recorded from, fixtures/answers/README.md). For
each ``--jobs`` value the real CLI drafts the sample notes in a fresh process through
that server:

    draft fixtures/notes/sample-notes.txt --provider sim --no-cache --jobs J

(a config file names the server as provider "sim", JSON mode like DeepSeek; with
--redact, as for a hosted model, so the recorded exchanges match). Then the
baseline: one request to the same server that sends the notes and asks for the whole
material in one answer as long as all our answers together (the sum of our output
tokens), timed from sending to the full answer, in process (no start-up charged to it).

Reported: our wall time (the whole CLI run: start-up, reading, drafting, draft file), the
span the server was busy with us (first request in to last answer out), the baseline,
their ratio (target <= 0.45), round trips on the critical path from the server's request
log (the longest chain of requests each sent after the previous one's answer; target
<= 3), and tokens in and out as the server counted them.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import ROOT, Report, Target, child_env, emit, run_cli
from selfreview.modelclient.exchange import estimate_tokens
from sim_server import Served, SimServer, Speed, answer_chain, critical_path

NOTES = ROOT / "fixtures" / "notes" / "sample-notes.txt"
ORG = "某市政府党组"
DEFAULT_JOBS = 8
BASELINE_PROMPT = (
    "任务：根据下列原始材料，为{org}一次写出完整的对照检查材料，包括查找的突出问题（按五个方面，"
    "每个问题写明依据的意见）、产生问题的原因分析、努力方向和整改措施。\n\n"
    "<<<材料开始>>>\n{notes}\n<<<材料结束>>>"
)
SYSTEM = "你是党政机关办公室的资深文字秘书，协助起草民主生活会、组织生活会的对照检查材料。"


def config_for(url: str) -> str:
    """A config file that makes the simulator provider "sim"."""
    return (
        "[providers.sim]\n"
        'label = "模拟模型"\n'
        f'base_url = "{url}"\n'
        'model = "deepseek-chat"\n'
        'output = "json_object"\n'
        "needs_key = false\n"
        "context_tokens = 64000\n"
    )


def our_run(
    sim: SimServer, folder: Path, jobs: int, notes: Path, redact: bool = True
) -> dict[str, Any]:
    """Draft ``notes`` with the CLI through ``sim``; what the server saw.

    ``redact``: replace personal data before sending, as for a provider not on this
    machine (the simulator runs on this one, which by default is sent the notes as they are).
    """
    config = folder / f"config-{jobs}.toml"
    config.write_text(config_for(sim.url), encoding="utf-8")
    env = child_env(
        SELFREVIEW_CONFIG=str(config), SELFREVIEW_CACHE_DIR=str(folder / f"cache-{jobs}")
    )
    output = folder / f"out-{jobs}.docx"
    first = len(sim.log)
    args = [str(notes), "--provider", "sim", "--org", ORG, "--no-cache", "--jobs", str(jobs)]
    args.append("--redact" if redact else "--no-redact")
    started = time.perf_counter()
    done = run_cli([*args, "--force", "-o", str(output)], env=env)
    ended = time.perf_counter()
    served = sim.log[first:]
    draft = json.loads(output.with_suffix(".draft.json").read_text(encoding="utf-8"))
    log = draft.get("model_log") or {}
    return {
        "wall": done.wall,
        "span": max(s.ended for s in served) - min(s.arrived for s in served),
        "before_first": min(s.arrived for s in served) - started,
        "after_last": ended - max(s.ended for s in served),
        "between_rounds": _idle_between(served),
        "calls": len(served),
        "rounds": critical_path(served),
        "input": sum(s.input_tokens for s in served),
        "output": sum(s.output_tokens for s in served),
        "sources": sorted({s.source for s in served}),
        "unanswered": sum(1 for s in served if not s.source),
        "log_calls": len(log.get("calls", [])),
        "log_output": sum(c.get("output_tokens", 0) for c in log.get("calls", [])),
        "stages": _stage_summary(served),
    }


def baseline(sim: SimServer, notes: Path, output_tokens: int) -> dict[str, Any]:
    """One request for the whole material, ``output_tokens`` long; wall from send to answer."""
    import openai

    client = openai.OpenAI(base_url=sim.url, api_key="not-needed", max_retries=0, timeout=600)
    prompt = BASELINE_PROMPT.format(org=ORG, notes=notes.read_text(encoding="utf-8"))
    start = time.perf_counter()
    reply = client.chat.completions.create(
        model="deepseek-chat",
        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
        extra_body={"sim_output_tokens": output_tokens},
    )
    wall = time.perf_counter() - start
    usage = reply.usage
    return {
        "wall": wall,
        "input": usage.prompt_tokens if usage else 0,
        "output": estimate_tokens(reply.choices[0].message.content or ""),
    }


def _idle_between(served: list[Served]) -> float:
    """Seconds within the busy span when no request was in flight (client-side work)."""
    spans = sorted((s.arrived, s.ended) for s in served)
    idle = 0.0
    reach = spans[0][1]
    for start, end in spans[1:]:
        idle += max(0.0, start - reach)
        reach = max(reach, end)
    return idle


def critical_share(stages: dict[str, list[int]]) -> float:
    """(sort + largest problems + largest of causes/measures) / all output: the ratio our
    three rounds reach at best, with no start-up and no time to first token."""
    total = sum(sum(v) for v in stages.values())
    path = sum(stages.get("sort", [0])) + max(stages.get("problems", [0]))
    path += max(max(stages.get("causes", [0])), max(stages.get("measures", [0])))
    return path / total if total else 0.0


def _stage_summary(served: list[Served]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for s in served:
        stage = s.stage.split(":")[0]
        out.setdefault(stage, []).append(s.output_tokens)
    return out


def run(
    ttft: float,
    rate: float,
    jobs_values: list[int],
    slots: int = 0,
    notes: Path = NOTES,
    redact: bool = True,
) -> Report:
    """Our pipeline at each ``jobs`` value, and the baseline at our output length."""
    speed = Speed(ttft=ttft, rate=rate, slots=slots)
    rows = []
    targets = []
    results = {}
    with (
        SimServer(answer_chain(["recorded", "author", "generic"]), speed) as sim,
        tempfile.TemporaryDirectory() as tmp,
    ):
        for jobs in jobs_values:
            ours = our_run(sim, Path(tmp), jobs, notes, redact)
            base = baseline(sim, notes, ours["output"])
            ratio = ours["wall"] / base["wall"]
            results[jobs] = {"ours": ours, "baseline": base, "ratio": ratio}
            rows.append(
                [
                    f"{jobs}{' (default)' if jobs == DEFAULT_JOBS else ''}",
                    ours["calls"],
                    ours["rounds"],
                    ours["input"],
                    ours["output"],
                    f"{ours['wall']:.1f}",
                    f"{ours['span']:.1f}",
                    f"{base['wall']:.1f}",
                    base["input"],
                    f"{ratio:.2f}",
                    f"{ours['span'] / base['wall']:.2f}",
                ]
            )
            if jobs != DEFAULT_JOBS:  # other values are shown for comparison only
                continue
            targets += [
                Target(f"jobs {jobs}: wall / baseline", f"{ratio:.2f}", "<= 0.45", ratio <= 0.45),
                Target(
                    f"jobs {jobs}: round trips on the critical path",
                    str(ours["rounds"]),
                    "<= 3",
                    ours["rounds"] <= 3,
                ),
            ]
    first = results[jobs_values[0]]["ours"]
    stages = ", ".join(
        f"{stage} {'+'.join(str(t) for t in sorted(tokens, reverse=True))}"
        for stage, tokens in first["stages"].items()
    )
    return Report(
        benchmark="llm_speed",
        title=(
            f"3. LLM path vs one call (simulated model: first token {ttft:g} s, "
            f"{rate:g} tokens/s{f', {slots} at once' if slots else ''}; notes {notes.name}"
            f"{'' if redact else ', not redacted'})"
        ),
        columns=[
            "jobs",
            "calls",
            "round trips",
            "tokens in",
            "tokens out",
            "ours s",
            "server busy s",
            "one call s",
            "one call in",
            "ratio",
            "ratio (busy)",
        ],
        rows=rows,
        notes=[
            "ours: whole CLI run in a fresh process; server busy: first request in to last "
            "answer out; one call: the same server, one answer of our total output length",
            f"output tokens per call: {stages}; three-round floor of the ratio "
            f"(critical-path output / all output): {critical_share(first['stages']):.2f}",
            "client side, jobs "
            + "; jobs ".join(
                f"{j}: {r['ours']['before_first']:.1f} s before the first request, "
                f"{r['ours']['between_rounds']:.1f} s between rounds, "
                f"{r['ours']['after_last']:.1f} s after the last answer"
                for j, r in results.items()
            ),
            f"answers came from: {', '.join(first['sources'])}"
            + (f"; {first['unanswered']} requests got no answer" if first["unanswered"] else ""),
        ],
        targets=targets,
        data={
            "speed": {"ttft": ttft, "rate": rate, "slots": slots},
            "runs": {str(j): r for j, r in results.items()},
        },
    )


def main() -> None:
    """Print the table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ttft", type=float, default=1.0, help="time to first token, seconds")
    parser.add_argument("--rate", type=float, default=40.0, help="output tokens per second")
    parser.add_argument("--jobs", type=int, nargs="+", default=[DEFAULT_JOBS, 4])
    parser.add_argument("--slots", type=int, default=0, help="answers at once (0: no limit)")
    parser.add_argument("--notes", type=Path, default=NOTES)
    parser.add_argument(
        "--no-redact",
        dest="redact",
        action="store_false",
        help="send the notes as they are (default: redacted, as for a hosted model)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    emit(run(args.ttft, args.rate, args.jobs, args.slots, args.notes, args.redact), args.json)


if __name__ == "__main__":
    main()
