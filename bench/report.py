"""Write bench/RESULTS.md and the ratio chart from the records of one `make bench` run.

Inputs: the JSON records of bench/python/bench.py and bench/node/bench.js, and Criterion's
output folder for the Rust benchmarks. The Rust samples are copied into a record of the
same form (bench/results/rust.json) so that every language is reported alike.
"""

import argparse
import datetime
import json
import platform
import statistics
import subprocess
import tomllib
from pathlib import Path

WORKLOADS = {
    "editor_config": "editor config",
    "save_callback": "save callback",
    "tiny": "tiny payload",
}

# (language, operations, peer, required ratio, kind). A "speedup" target is met when the peer's
# time divided by onlyoffice-jwt's time reaches the required ratio on every workload. A "floor"
# target is met when onlyoffice-jwt's time divided by the floor's stays at or below it.
TARGETS = [
    ("Python", ("encode", "decode"), "oxyjwt", 2.0, "speedup"),
    ("Python", ("encode", "decode"), "PyJWT", 20.0, "speedup"),
    ("Node", ("sign", "verify"), "jsonwebtoken (KeyObject)", 2.0, "speedup"),
    ("Node", ("sign", "verify"), "fast-jwt", 2.0, "speedup"),
    ("Node", ("sign", "verify"), "@node-rs/jsonwebtoken", 1.0, "speedup"),
    ("Node", ("sign", "verify"), "jsonwebtoken (string secret)", 40.0, "speedup"),
    ("Rust", ("sign",), "floor", 1.3, "floor"),
    ("Rust", ("verify",), "floor", 1.3, "floor"),
]

RUST_CORE = {"sign": "jws::sign_raw", "verify": "jws::verify_to_bytes"}
# The Rust floor operation that bounds each operation from below.
FLOOR_OPERATION = {
    "encode": "sign",
    "decode": "verify",
    "sign": "sign",
    "verify": "verify",
    "sign_config": "sign",
    "verify_callback": "verify",
}
RUST_ORDER = [
    ("sign", "floor"),
    ("sign", "jws::sign_raw"),
    ("sign", "jws::sign"),
    ("verify", "floor"),
    ("verify", "jws::verify"),
    ("sign_config", "DocumentServer"),
    ("verify_callback", "DocumentServer"),
]


def quartiles(values):
    if len(values) < 2:
        return values[0], values[0]
    lower, _, upper = statistics.quantiles(values, n=4, method="inclusive")
    return lower, upper


def format_time(nanoseconds):
    if nanoseconds >= 1e6:
        return f"{nanoseconds / 1e6:.2f} ms"
    if nanoseconds >= 1e3:
        return f"{nanoseconds / 1e3:.2f} µs"
    return f"{nanoseconds:.0f} ns"


def format_ratio(ratio):
    return f"{ratio:.1f}x" if ratio >= 10 else f"{ratio:.2f}x"


def read_record(path):
    return json.loads(path.read_text(encoding="utf-8"))


def locked_versions(lock_file):
    """Return {crate: version} from Cargo.lock; for a crate locked in several versions, the lowest."""
    lock = tomllib.loads(lock_file.read_text(encoding="utf-8"))
    versions = {}
    for package in lock["package"]:
        # Pre-release and build metadata (`1.0.0-rc.1`, `0.1.3+spec-1.1.0`) are dropped before comparing.
        release = package["version"].split("+")[0].split("-")[0]
        version = tuple(int(part) for part in release.split("."))
        versions.setdefault(package["name"], []).append((version, package["version"]))
    return {name: min(found)[1] for name, found in versions.items()}


def rust_record(criterion_dir, passes, lock_file):
    """Copy Criterion's results into a record like those of the Python and Node benchmarks.

    Each pass was saved as the Criterion baseline `pass1`, `pass2`, ...; its median time per
    benchmark plays the part of one round.
    """
    results = []
    for benchmark in criterion_dir.glob("*/*/*/new/benchmark.json"):
        ids = json.loads(benchmark.read_text())
        medians = []
        for number in range(1, passes + 1):
            estimates = benchmark.parent.parent / f"pass{number}" / "estimates.json"
            if estimates.exists():
                medians.append(json.loads(estimates.read_text())["median"]["point_estimate"])
        if len(medians) != passes:
            raise SystemExit(f"{benchmark.parent.parent} has {len(medians)} of {passes} Criterion passes")
        operation = ids["group_id"]
        library = ids["function_id"]
        if operation == "document_server":
            operation, library = library, "DocumentServer"
        results.append({"operation": operation, "workload": ids["value_str"], "library": library, "ns_per_op": medians})
    order = {benchmark: index for index, benchmark in enumerate(RUST_ORDER)}
    results.sort(key=lambda result: order.get((result["operation"], result["library"]), len(order)))
    locked = locked_versions(lock_file)
    crates = ("hmac", "sha2", "base64-simd")
    libraries = {
        "floor": {"version": ", ".join(f"{name} {locked.get(name, '?')}" for name in crates), "note": ""},
    }
    for name in ("jws::sign_raw", "jws::sign", "jws::verify", "DocumentServer"):
        libraries[name] = {"version": locked.get("onlyoffice-jwt", "?"), "note": ""}
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True, check=True).stdout.split()
    return {
        "language": "Rust",
        "runtime": " ".join(rustc[:2]),
        "anchor": "floor",
        "rounds": passes,
        "libraries": libraries,
        "unavailable": {},
        "results": results,
    }


def summarize(record):
    """Return {(operation, workload, library): summary} with median, spread and ratio.

    Rounds are paired: round i of every cell ran within the same few seconds, so each ratio is
    taken within a round and the median of those is reported. Python and Node ratios are the
    peer's time over the anchor's (above 1, the anchor is faster); Rust ratios are the time
    over the floor's (below 1.3 meets the target).
    """
    cells = {(r["operation"], r["workload"], r["library"]): r["ns_per_op"] for r in record["results"]}
    rust = record["language"] == "Rust"
    summaries = {}
    for (operation, workload, library), times in cells.items():
        median = statistics.median(times)
        lower, upper = quartiles(times)
        summary = {"median": median, "spread": (upper - lower) / median}
        anchor_operation = FLOOR_OPERATION.get(operation, operation) if rust else operation
        anchor = cells.get((anchor_operation, workload, record["anchor"]))
        if anchor is not None:
            if rust:
                ratios = [time / floor for time, floor in zip(times, anchor)]
            else:
                ratios = [peer / own for peer, own in zip(times, anchor)]
            summary["ratio"] = statistics.median(ratios)
            summary["ratio_range"] = (min(ratios), max(ratios))
        summaries[(operation, workload, library)] = summary
    return summaries


def workload_sizes(folder):
    sizes = {}
    for name in WORKLOADS:
        payload = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        sizes[name] = len(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    return sizes


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    os_name = platform.system()
    os_release = Path("/etc/os-release")
    if os_release.exists():
        for line in os_release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    return {"cpu": cpu, "nproc": nproc, "os": f"{os_name}, Linux {platform.release()}"}


def library_rows(record, operations):
    """Return the libraries of `operations` in the order they were measured."""
    names = []
    for result in record["results"]:
        if result["operation"] in operations and result["library"] not in names:
            names.append(result["library"])
    return names


def version_of(record, library):
    """Return the version of a library, or of the library a by-hand row uses."""
    versions = {name: info["version"] for name, info in record["libraries"].items()}
    if library in versions:
        return versions[library]
    used = library.removeprefix("by hand with ")
    for name in sorted(versions, key=len, reverse=True):
        if used.startswith(name):
            return versions[name]
    return ""


def table(record, summaries, operation):
    workloads = [w for w in WORKLOADS if any((operation, w, lib) in summaries for lib in library_rows(record, [operation]))]
    anchor = record["anchor"]
    ratio_title = "ratio to the floor" if record["language"] == "Rust" else f"ratio to {anchor}"
    header = ["Library", "Version"]
    for workload in workloads:
        header += [f"{WORKLOADS[workload]}: median (spread)", ratio_title]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for library in library_rows(record, [operation]):
        row = [library, version_of(record, library)]
        for workload in workloads:
            summary = summaries.get((operation, workload, library))
            if summary is None:
                row += ["", ""]
                continue
            row.append(f"{format_time(summary['median'])} (±{summary['spread'] * 50:.1f}%)")
            if "ratio" in summary:
                low, high = summary["ratio_range"]
                row.append(f"{format_ratio(summary['ratio'])} ({low:.2f}–{high:.2f})")
            else:
                row.append("")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def evaluate_targets(records, summaries):
    """Return one row per target and operation: the worst workload, its ratio and the verdict."""
    rows = []
    for language, operations, peer, required, kind in TARGETS:
        record = records.get(language)
        for operation in operations:
            if record is None:
                rows.append((language, operation, peer, required, kind, None, None, "not measured: no record"))
                continue
            if peer in record["unavailable"]:
                rows.append((language, operation, peer, required, kind, None, None, "not measured: peer unavailable"))
                continue
            library = RUST_CORE[operation] if kind == "floor" else peer
            ratios = {}
            for workload in WORKLOADS:
                summary = summaries[language].get((operation, workload, library))
                if summary and "ratio" in summary:
                    ratios[workload] = summary["ratio"]
            if not ratios:
                rows.append((language, operation, peer, required, kind, None, None, "not measured"))
                continue
            if kind == "floor":
                worst = max(ratios, key=ratios.get)
                met = all(ratio <= required for ratio in ratios.values())
            else:
                worst = min(ratios, key=ratios.get)
                met = all(ratio > required if required == 1.0 else ratio >= required for ratio in ratios.values())
            rows.append((language, operation, peer, required, kind, worst, ratios, "met" if met else "missed"))
    return rows


def floor_budget(summaries, language, operation, peer, required, workload):
    """Return the time a speedup target allows, as a multiple of the Rust floor's time.

    Below 1, not even HMAC and base64url of the same payload in Rust fit in the time the
    target allows. Both measurements come from the same run, one after the other.
    """
    peer_summary = summaries.get(language, {}).get((operation, workload, peer))
    floor_summary = summaries.get("Rust", {}).get((FLOOR_OPERATION[operation], workload, "floor"))
    if peer_summary is None or floor_summary is None:
        return None
    return peer_summary["median"] / required / floor_summary["median"]


def targets_section(rows, summaries):
    lines = [
        "| Language | Operation | Target | Ratios (" + ", ".join(WORKLOADS.values()) + ") | Verdict |",
        "| --- | --- | --- | --- | --- |",
    ]
    for language, operation, peer, required, kind, worst, ratios, verdict in rows:
        if kind == "floor":
            target = f"within {required}x of the floor"
        elif required == 1.0:
            target = f"faster than {peer}"
        else:
            target = f"at least {required:g}x faster than {peer}"
        if ratios is None:
            lines.append(f"| {language} | {operation} | {target} | | {verdict} |")
            continue
        measured = ", ".join(format_ratio(ratios[w]) if w in ratios else "n/a" for w in WORKLOADS)
        if verdict == "missed":
            ratio = ratios[worst]
            if kind == "floor":
                gap = f"{format_ratio(ratio)} of the floor on the {WORKLOADS[worst]}: {ratio / required:.2f}x too slow"
            else:
                gap = (
                    f"{format_ratio(ratio)} on the {WORKLOADS[worst]}: onlyoffice-jwt would need to be "
                    f"{required / ratio:.2f}x faster"
                )
                budget = floor_budget(summaries, language, operation, peer, required, worst)
                if budget is not None:
                    gap += f"; the target allows {budget:.2f}x the Rust floor's time there"
            verdict = f"missed, {gap}"
        lines.append(f"| {language} | {operation} | {target} | {measured} | {verdict} |")
    return "\n".join(lines)


# Median spread (half the interquartile range over the median) above which a section of the
# page warns that other load disturbed the measurement. On a quiet run it stays near 2%.
NOISY_SPREAD = 0.08

CHART_TICKS = [0.2, 0.3, 0.5, 0.7, 1, 1.3, 2, 3, 5, 10, 20, 40, 100, 200, 500, 1000]


def chart(records, summaries, path):
    """Draw one panel per language and operation: bars of ratios, red marks at the targets."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    panels = [
        ("Python", ("encode",)),
        ("Python", ("decode",)),
        ("Node", ("sign",)),
        ("Node", ("verify",)),
        ("Rust", ("sign", "verify")),
    ]
    panels = [(language, operations) for language, operations in panels if language in records]
    required = {}
    for language, operations, peer, ratio, kind in TARGETS:
        for operation in operations:
            library = RUST_CORE[operation] if kind == "floor" else peer
            required[(language, operation, library)] = ratio
    colors = {"editor_config": "#1f77b4", "save_callback": "#ff7f0e", "tiny": "#2ca02c"}
    heights = [len(library_rows(records[language], operations)) for language, operations in panels]
    figure, axes = plt.subplots(
        len(panels), 1, figsize=(10, 0.45 * sum(heights) + 1.0 * len(panels)), squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    for axis, (language, operations) in zip(axes[:, 0], panels):
        record = records[language]
        rows = [
            (operation, name)
            for operation in operations
            for name in library_rows(record, [operation])
            if name not in (record["anchor"], "floor")
        ]
        for offset, workload in enumerate(WORKLOADS):
            positions = [index + (offset - 1) * 0.27 for index in range(len(rows))]
            values = [summaries[language].get((operation, workload, name), {}).get("ratio", 0) for operation, name in rows]
            bars = axis.barh(positions, values, height=0.26, color=colors[workload], label=WORKLOADS[workload])
            axis.bar_label(bars, labels=[format_ratio(value) if value else "" for value in values], fontsize=7, padding=2)
        for index, (operation, name) in enumerate(rows):
            if (language, operation, name) in required:
                target = required[(language, operation, name)]
                axis.plot([target, target], [index - 0.45, index + 0.45], color="red", linewidth=2)
        labels = [f"{name} ({operation})" if len(operations) > 1 else name for operation, name in rows]
        axis.set_yticks(range(len(rows)), labels)
        axis.invert_yaxis()
        axis.set_xscale("log")
        axis.axvline(1.0, color="black", linewidth=0.8)
        left, right = axis.get_xlim()
        right *= 1.6
        axis.set_xlim(left, right)
        axis.set_xticks([tick for tick in CHART_TICKS if left <= tick <= right])
        axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}x"))
        axis.xaxis.set_minor_formatter(FuncFormatter(lambda value, _: ""))
        if language == "Rust":
            title = "Rust: time / floor time (lower is better)"
        else:
            anchor = record["anchor"]
            title = f"{language} {operations[0]}: peer time / {anchor} time (higher: {anchor} is faster)"
        axis.set_title(title, fontsize=10)
        axis.grid(axis="x", which="both", linewidth=0.3)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    handles.append(plt.Line2D([], [], color="red", linewidth=2))
    labels.append("target")
    figure.legend(handles, labels, loc="lower center", ncol=4, fontsize=9)
    figure.tight_layout(rect=(0, 0.025, 1, 1))
    figure.savefig(path, dpi=100)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, required=True, help="folder of python.json and node.json")
    parser.add_argument("--workloads", type=Path, required=True, help="folder of the workload JSON files")
    parser.add_argument("--criterion", type=Path, help="Criterion's output folder of this run")
    parser.add_argument("--rust-passes", type=int, default=5, help="number of Criterion passes saved as pass1, pass2, ...")
    parser.add_argument("--lock-file", type=Path, default=Path("Cargo.lock"), help="Cargo.lock for the crate versions")
    parser.add_argument("--output", type=Path, required=True, help="Markdown page to write")
    parser.add_argument("--chart", type=Path, required=True, help="PNG chart to write")
    args = parser.parse_args()

    records = {}
    for name in ("python", "node"):
        path = args.results / f"{name}.json"
        if path.exists():
            record = read_record(path)
            records[record["language"]] = record
    if args.criterion:
        record = rust_record(args.criterion, args.rust_passes, args.lock_file)
        (args.results / "rust.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        records["Rust"] = record
    summaries = {language: summarize(record) for language, record in records.items()}
    target_rows = evaluate_targets(records, summaries)
    target_table = targets_section(target_rows, summaries)
    info = machine()
    met = sum(1 for row in target_rows if row[-1] == "met")

    page = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {datetime.date.today().isoformat()}; rerun it to refresh this page and "
        "[ratios.png](ratios.png). The raw samples are in [results/](results/).",
        "",
        "## Machine",
        "",
        f"- CPU: {info['cpu']}, `nproc` = {info['nproc']}",
        f"- OS: {info['os']}",
        "- Runtimes: " + "; ".join(f"{record['runtime']}" for record in records.values()),
        "",
        "## Targets",
        "",
        f"{met} of {len(target_rows)} targets are met in this run. A target holds when the median ratio "
        "meets it on every workload. For a missed target against a peer, the verdict also gives the time "
        "the target allows on the worst workload as a multiple of the Rust floor for the same payload "
        "(HMAC-SHA256 and base64url only, measured later in the same run). At 1x or below, the target "
        "cannot be met, because the floor alone takes that long.",
        "",
        target_table,
        "",
        "Why each missed target remains, with profiles and the time each part of the call takes: "
        "[PROFILING.md](PROFILING.md), one section per missed target. The Python `encode` of the "
        "editor config signs a payload 10.6% longer than the raw UTF-8 the floor signs, because "
        "PyJWT's tokens escape non-ASCII text and ours are byte-identical to them.",
        "",
    ]
    page += [
        "## Method",
        "",
        "- Workloads (`bench/workloads/`), in bytes of compact UTF-8 JSON: "
        + ", ".join(f"{WORKLOADS[name]} {size}" for name, size in workload_sizes(args.workloads).items())
        + ". The editor config has non-ASCII text; the save callback has `history`, `users` and "
        "`actions`. Each run sets `iat` to its start time and `exp` one hour later.",
        "- Python and Node: one process per language. Each round times one batch of about "
        f"{records.get('Python', records.get('Node', {})).get('batch_ms', 40):g} ms for every cell "
        "(operation, workload, library) in turn, starting at a different cell each round; one warm-up "
        "round is discarded. The time per operation is the batch time divided by the calls.",
        "- Every decoder reads the same token per workload, signed as Document Server signs "
        '(`{"alg":"HS256","typ":"JWT"}`, compact JSON in raw UTF-8), and is restricted to HS256 with '
        "`exp` checked. Before timing, each library's output is checked against PyJWT or jsonwebtoken.",
        "- Ratio (Python, Node): the peer's time divided by the anchor's time in the same round, median "
        "over rounds; above 1 means the anchor is faster. The range after it is the lowest and highest "
        "per-round ratio.",
        "- Spread: half the interquartile range of the per-round times (per-pass medians in Rust), "
        "relative to the median.",
        "- Rust: Criterion runs the whole suite in several passes (50 samples after a 0.5 s warm-up "
        "per benchmark), and each pass's median plays the part of a round. The floor is HMAC-SHA256 "
        "with a precomputed key schedule and base64url of the same bytes, written with RustCrypto's "
        "`hmac` 0.12 and `sha2` 0.10 and with base64-simd, the base64url crate the core uses; the core "
        "computes HMAC itself on the block function of `sha2` 0.11. The verify floor decodes the three "
        "segments and compares the tag, and reads no JSON. Ratio: the time divided by the floor's time "
        "in the same pass, median over "
        "passes; the DocumentServer helpers are divided by the sign or verify floor of their workload.",
        "- DocumentServer helpers: `sign_config` is compared with what connectors write by hand (drop "
        "`token`, add `iat` and `exp`, sign); `verify_callback` with parsing the body and verifying its "
        "token with a 60 s leeway. The by-hand versions check less than the helpers do.",
        "",
    ]
    for language, record in records.items():
        page += [f"## {language}", ""]
        if record["language"] != "Rust":
            page += [f"{record['runtime']}, {record['rounds']} rounds. Anchor: {record['anchor']}.", ""]
        else:
            page += [f"{record['runtime']}, {record['rounds']} Criterion passes. Anchor: the floor.", ""]
        spreads = [summary["spread"] / 2 for summary in summaries[language].values()]
        if statistics.median(spreads) > NOISY_SPREAD:
            page += [
                f"NOTE: these measurements were noisy (median spread ±{statistics.median(spreads):.0%}), "
                "probably because another process ran meanwhile. Rerun before relying on a ratio near "
                "its target.",
                "",
            ]
        for name, reason in record["unavailable"].items():
            page += [f"- {name} could not be measured here: {reason}", ""]
        notes = [f"{name}: {info['note']}" for name, info in record["libraries"].items() if info.get("note")]
        if notes:
            page += ["Notes: " + "; ".join(notes) + ".", ""]
        operations = []
        for result in record["results"]:
            if result["operation"] not in operations:
                operations.append(result["operation"])
        for operation in operations:
            page += [f"### {operation}", "", table(record, summaries[language], operation), ""]
    page += ["![Ratios](ratios.png)", ""]
    args.output.write_text("\n".join(page), encoding="utf-8")
    chart(records, summaries, args.chart)


if __name__ == "__main__":
    main()
