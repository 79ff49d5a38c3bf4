"""The bench's table and its PASS/FAIL lines, against targets and an earlier run.

`bench/baseline.json` holds the uncached req/s of the run the next one is
compared with, and that run's static ceiling (`bench/run.py --save
bench/baseline.json` replaces it). Machines and their load differ, so a page is
compared by its share of the static ceiling: a page whose share falls by more
than `MOST_LOST` against the baseline's fails.
"""

import json
import statistics
import subprocess
from pathlib import Path

BASELINE = Path(__file__).resolve().parent / "baseline.json"
CACHED_RATIO = 0.75  # issue 18: cached public pages at least 75% of the static file
PEAK_MEMORY_MB = 150
MOST_LOST = 0.15


def read_baseline(path):
    """{"commit": ..., "static": req/s, "uncached": {label: req/s}}, or None."""
    if not path or not Path(path).exists():
        return None
    return json.loads(Path(path).read_text())


def save_baseline(path, runs, *, commit, static):
    uncached = {
        label: round(statistics.median(r["rps"] for r in results))
        for (label, server), results in runs.items()
        if server == "uncached"
    }
    Path(path).write_text(
        json.dumps(
            {
                "commit": commit,
                "static": round(statistics.median(r["rps"] for r in runs[static])),
                "uncached": uncached,
            },
            indent=2,
        )
        + "\n"
    )


def git_commit():
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - the developer's git
        cwd=BASELINE.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or "unknown"


def print_report(
    runs, queries, memory, args, *, static, pages, uncached_most_sql, baseline
):
    static_runs = [run["rps"] for run in runs[static, "uncached"]]
    ceiling = statistics.median(static_runs)
    print(
        f"\ngunicorn {args.workers} sync workers per server, wrk -c{args.connections}, "
        f"{args.rounds} interleaved rounds of {args.duration}s; medians over rounds"
    )
    print(
        "Static ceiling per round (req/s): "
        + ", ".join(f"{rps:.0f}" for rps in static_runs)
        + f" (spread {(max(static_runs) - min(static_runs)) / ceiling:.0%})\n"
    )
    before = (baseline or {}).get("uncached", {})
    if baseline and abs(ceiling / baseline["static"] - 1) > 0.1:
        print(
            f"The static file ran at {ceiling:.0f} req/s, {baseline['static']} in "
            f"{baseline['commit']}'s run: the machine is not as it was then. Pages "
            "are compared with that run by their share of the static ceiling.\n"
        )
    header = ("page", "server", "req/s", "p50 ms", "p99 ms", "SQL", "vs static")
    header += (
        "!2xx",
        f"vs {baseline['commit']}, per static" if baseline else "vs last",
    )
    rows, rates = [], {}
    for (label, server), results in runs.items():
        rps = statistics.median(r["rps"] for r in results)
        rates[label, server] = rps
        earlier = before.get(label) if server == "uncached" else None
        scaled = earlier * ceiling / baseline["static"] if earlier else None
        rows.append(
            (
                label,
                server,
                f"{rps:.0f}",
                f"{statistics.median(r['p50'] for r in results):.1f}",
                f"{statistics.median(r['p99'] for r in results):.1f}",
                str(queries.get(server, {}).get(label, "–")),
                f"{rps / ceiling:.2f}",
                str(sum(r["errors"] for r in results)),
                f"{earlier} → {rps:.0f} ({rps / scaled - 1:+.0%})" if earlier else "–",
            )
        )
    print_table(header, rows)

    checks = []
    for label, _ in pages:
        ratio = rates[label, "cached"] / ceiling
        checks.append(
            (f"cached {label} ≥ {CACHED_RATIO:.0%} of static", ratio >= CACHED_RATIO)
        )
    for label, earlier in before.items():
        if (label, "uncached") in rates:
            rate = rates[label, "uncached"]
            share, earlier_share = rate / ceiling, earlier / baseline["static"]
            checks.append(
                (
                    f"uncached {label} loses ≤ {MOST_LOST:.0%} against "
                    f"{baseline['commit']} (share of static {earlier_share:.3f} → "
                    f"{share:.3f}, {share / earlier_share - 1:+.0%})",
                    share >= earlier_share * (1 - MOST_LOST),
                )
            )
    for label, most in uncached_most_sql.items():
        count = queries["uncached"][label]
        checks.append((f"uncached {label} ≤ {most} SQL ({count})", count <= most))
    errors = sum(r["errors"] for results in runs.values() for r in results)
    checks.append((f"no non-2xx/3xx responses ({errors})", errors == 0))
    print()
    for server, peaks in memory.items():
        shown = ", ".join(f"{mb:.0f} MB" for mb in peaks)
        print(f"Peak memory (VmHWM) of the {server} server's workers: {shown}")
        checks.append(
            (
                f"{server} workers ≤ {PEAK_MEMORY_MB} MB",
                bool(peaks) and max(peaks) <= PEAK_MEMORY_MB,
            )
        )
    print()
    for text, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {text}")
    return all(passed for _, passed in checks)


def print_table(header, rows):
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])] + [
            cell.rjust(width) for cell, width in zip(row[2:], widths[2:], strict=True)
        ]
        print("| " + " | ".join(cells) + " |")
