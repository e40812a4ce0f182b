#!/usr/bin/env python3
"""Writes a scenarios file in which N people of the children's assessment team each have a
menu of three options (0.8 FTE, compressed 4x9, a home day on Fridays): 4^N designs, the
menus the design-choice measurements in docs/TUNING.md use.

    python3 tests/tools/gen_menus.py 12 > /tmp/menu12.scenarios.yaml
    flexrota compare /tmp/menu12.scenarios.yaml --time-limit 600

The base is named by its absolute path, so the file may be written anywhere.
"""
import os
import sys

PEOPLE = ["amira", "ben", "chloe", "dev", "ellen", "farid", "fiona", "grace", "jess",
          "kofi", "liam", "imran"]
OPTIONS = [
    "{label: 0.8 FTE, contract: on_call_rota_0_8}",
    "{label: compressed 4x9, contract: compressed_4x9}",
    "{label: home on Fridays, home_days_per_week: 2, requests: [{home: [fri], weight: 1000}]}",
]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    if not 1 <= n <= len(PEOPLE):
        sys.exit(f"gen_menus.py: N is 1 to {len(PEOPLE)}")
    base = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "instances",
                                        "children-assessment.yaml"))
    print(f"name: menu-{n}x3")
    print(f"base: {base}")
    print("variants:")
    print("  - name: menus")
    print(f"    description: {n} people with three options each")
    print("    choose:")
    for person in PEOPLE[:n]:
        print(f"      - person: {person}")
        print(f"        options: [{', '.join(OPTIONS)}]")
    print("    limits: {min_cover_pct: 100, max_weekly_cost: 8300}")


if __name__ == "__main__":
    main()
