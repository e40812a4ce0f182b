#!/usr/bin/env python3
"""Writes a team linked only by shift cover (as the Curtois & Qu benchmarks are, so column
generation prices its people apart) and a scenarios file in which N of its full-timers
each have a menu of three options (0.8 FTE, 11am-7pm, compressed 4x9): 4^N designs, the
menus the column-generation measurements in docs/TUNING.md use.

    python3 tests/tools/gen_cover_menus.py 12 /tmp/cover
    flexrota compare /tmp/cover/menus-12.scenarios.yaml --time-limit 600

The team: 15 social workers over four weeks (12 full-time, two 0.8 FTE, one 0.6 FTE, at
20 pounds an hour), weekday early, day, late and evening shifts with soft cover, a few
days off asked for, fair shares off (they link people). The menus: most options granted,
cover at least 98%, at most 10,300 pounds a week (the team costs 10,721 as it is,
overtime included).
"""
import os
import sys

MODELS = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "models"))
FULL_TIME = ["abby", "ben", "cara", "dan", "eve", "finn", "gita", "hal", "ines", "joe",
             "kim", "lev"]
PART_TIME = [("mo", "part_time_0_8"), ("nell", "part_time_0_8"), ("omar", "part_time_0_6")]
OPTIONS = [
    "{label: 0.8 FTE, contract: part_time_0_8}",
    "{label: 11-7, contract: eleven_to_seven}",
    "{label: compressed 4x9, contract: compressed_4x9}",
]


def team():
    lines = [
        "name: cover-15",
        "include:",
        f"  - {MODELS}/uk-working-time.yaml",
        f"  - {MODELS}/shifts.yaml",
        f"  - {MODELS}/contracts.yaml",
        "rules:",
        "  settings: {fair_unsocial: off}",
        "horizon: {start: 2026-11-30, days: 28}",
        "people:",
    ]
    for i, p in enumerate(FULL_TIME):
        request = ""
        if i % 4 == 1:
            request = f", requests: [{{day_off: 2026-12-{3 + i:02d}, weight: 30}}]"
        lines.append(f"  - {{id: {p}, skills: [qualified], contract: full_time, "
                     f"cost_per_hour: 20{request}}}")
    for p, contract in PART_TIME:
        lines.append(f"  - {{id: {p}, skills: [qualified], contract: {contract}, "
                     "cost_per_hour: 20}")
    lines += [
        "demand:",
        "  - {shift: early, days: weekdays, required: 3, under_weight: 100, over_weight: 20}",
        "  - {shift: day, days: weekdays, required: 3, under_weight: 100, over_weight: 10}",
        "  - {shift: late_11_19, days: weekdays, required: 2, under_weight: 80, over_weight: 20}",
        "  - {shift: evening, days: weekdays, required: 3, under_weight: 120, over_weight: 30}",
    ]
    return "\n".join(lines) + "\n"


def menus(n, base):
    lines = [f"name: cover-menus-{n}x3", f"base: {base}", "variants:", "  - name: menus",
             f"    description: {n} people with three options each", "    choose:"]
    for person in FULL_TIME[:n]:
        lines.append(f"      - person: {person}")
        lines.append(f"        options: [{', '.join(OPTIONS)}]")
    lines.append("    limits: {min_cover_pct: 98, max_weekly_cost: 10300}")
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_cover_menus.py N DIR")
    n = int(sys.argv[1])
    if not 1 <= n <= len(FULL_TIME):
        sys.exit(f"gen_cover_menus.py: N is 1 to {len(FULL_TIME)}")
    out = os.path.abspath(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    base = os.path.join(out, "cover-15.yaml")
    with open(base, "w") as f:
        f.write(team())
    with open(os.path.join(out, f"menus-{n}.scenarios.yaml"), "w") as f:
        f.write(menus(n, base))


if __name__ == "__main__":
    main()
