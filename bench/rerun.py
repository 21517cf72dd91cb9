"""A re-run with unchanged notes: model calls made and wall time.

    python bench/rerun.py [--json]

The sample notes are drafted once through the simulated model (sim_server.py; fast
settings, since only the re-runs are timed), with the cache in a temporary folder. Then,
each in a fresh process, with the same notes and output:

1. the same command again: the draft file is reused (target: no call, under 1 s);
2. the same command with --approve-all: the reused draft is approved and the DOCX written;
3. the draft file deleted, the cache kept: drafted again, every answer from the cache.

Calls are counted at the server; the offline drafter's re-run is shown for comparison.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchlib import Report, Target, child_env, emit, run_cli
from llm_speed import NOTES, ORG, config_for
from offline_scaling import BUILD
from sim_server import SimServer, Speed, answer_chain


def run() -> Report:
    """Draft once, then time the re-runs."""
    rows = []
    with (
        SimServer(answer_chain(["recorded", "author", "generic"]), Speed(0.05, 2000)) as sim,
        tempfile.TemporaryDirectory() as tmp,
    ):
        folder = Path(tmp)
        config = folder / "config.toml"
        config.write_text(config_for(sim.url), encoding="utf-8")
        env = child_env(SELFREVIEW_CONFIG=str(config), SELFREVIEW_CACHE_DIR=str(folder / "cache"))
        output = folder / "out.docx"
        draft = ["--provider", "sim", "--org", ORG, "-o", str(output)]
        steps = [
            ("first run (drafts: model calls)", [str(NOTES), *draft], None),
            ("same command again", [str(NOTES), *draft], None),
            ("again with --approve-all (writes DOCX)", [str(NOTES), *draft, *BUILD], None),
            ("draft file deleted, cache kept", [str(NOTES), *draft, "--force"], "delete"),
        ]
        results = []
        for name, args, before in steps:
            if before == "delete":
                output.with_suffix(".draft.json").unlink()
                output.unlink(missing_ok=True)
            first = len(sim.log)
            done = run_cli(args, env=env)
            calls = len(sim.log) - first
            results.append((name, calls, done.wall))
            rows.append([name, calls, f"{done.wall:.2f}", f"{done.peak_mb:.0f}"])
        offline_out = folder / "offline.docx"
        offline = [str(NOTES), "--provider", "offline", "--org", ORG, "-o", str(offline_out)]
        run_cli(offline, env=env)
        again = run_cli(offline, env=env)
        rows.append(["offline drafter: same command again", 0, f"{again.wall:.2f}", ""])
    _, calls, wall = results[1]
    return Report(
        benchmark="rerun",
        title="5. Re-run with unchanged notes (sample notes, fresh process each)",
        columns=["run", "model calls", "wall s", "peak MB"],
        rows=rows,
        targets=[
            Target("re-run: model calls", str(calls), "0", calls == 0),
            Target("re-run: wall", f"{wall:.2f} s", "< 1 s", wall < 1),
        ],
    )


def main() -> None:
    """Print the table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    emit(run(), args.json)


if __name__ == "__main__":
    main()
