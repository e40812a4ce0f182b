#!/usr/bin/env python3
"""Writes a Curtois & Qu format benchmark file of a chosen size, for measuring flexrota at
the scale of the benchmark's largest files (issue 22: 150 people, 364 days, 32 shift types)
without fetching them. Deterministic for a given seed.

    python3 tests/tools/gen_nrp.py --people 150 --days 364 --shifts 32 > /tmp/big.txt
"""
import argparse
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=150)
    ap.add_argument("--days", type=int, default=364)
    ap.add_argument("--shifts", type=int, default=32)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    shifts = [f"s{i}" for i in range(a.shifts)]
    out = ["SECTION_HORIZON", "# days", str(a.days), "", "SECTION_SHIFTS",
           "# ShiftID, Length in mins, Shifts which cannot follow this shift | separated"]
    length = {}
    for i, s in enumerate(shifts):
        # Later shifts may not be followed by earlier ones (rest between them).
        banned = "|".join(shifts[j] for j in range(i) if i - j > a.shifts // 2)
        length[s] = rnd.choice([360, 420, 480, 600, 720])
        out.append(f"{s},{length[s]},{banned}")
    out += ["", "SECTION_STAFF",
            "# ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, "
            "MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends"]
    ids = [f"E{p}" for p in range(a.people)]
    weeks = a.days // 7
    for e in ids:
        allowed = rnd.sample(shifts, max(1, a.shifts // 3))
        limits = "|".join(f"{s}={a.days if s in allowed else 0}" for s in shifts)
        # At most five days in seven of the longest allowed shift; at least 60% of that.
        hi = int(a.days * 5 / 7 * max(length[s] for s in allowed))
        out.append(f"{e},{limits},{hi},{int(hi * 0.6)},5,2,2,{max(1, weeks // 2)}")
    out += ["", "SECTION_DAYS_OFF", "# EmployeeID, DayIndexes (start at zero)"]
    for e in ids:
        out.append(",".join([e] + [str(d) for d in sorted(rnd.sample(range(a.days), 3))]))
    out += ["", "SECTION_SHIFT_ON_REQUESTS", "# EmployeeID, Day, ShiftID, Weight"]
    for e in ids:
        for _ in range(a.days // 14):
            out.append(f"{e},{rnd.randrange(a.days)},{rnd.choice(shifts)},{rnd.randint(1, 3)}")
    out += ["", "SECTION_SHIFT_OFF_REQUESTS", "# EmployeeID, Day, ShiftID, Weight"]
    for e in ids:
        for _ in range(a.days // 14):
            out.append(f"{e},{rnd.randrange(a.days)},{rnd.choice(shifts)},{rnd.randint(1, 3)}")
    out += ["", "SECTION_COVER", "# Day, ShiftID, Requirement, Weight for under, Weight for over"]
    per_shift = max(1, int(a.people * 5 / 7 / a.shifts))
    for d in range(a.days):
        for s in shifts:
            out.append(f"{d},{s},{max(0, per_shift + rnd.randint(-1, 1))},100,1")
    print("\n".join(out))


if __name__ == "__main__":
    main()
