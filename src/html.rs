//! The rota as one self-contained HTML page people look at: no network, no script it does
//! not carry, readable printed on A4 landscape. Sections (each an element with an `id`, so
//! a browser test can find them): the summary, the rota grid by person and day, cover with
//! the reasons for each short line, hours against contract week by week, unsocial work per
//! FTE by kind, and each person's own week.

use std::fmt::Write as _;

use crate::check::CheckReport;
use crate::milp::Solved;
use crate::model::{Model, ShiftKind};
use crate::rota::{Assignment, Rota};

/// The page's styles: shift colours come from the shift's place in the model (`s0`, `s1`,
/// ...), so the same shift has the same colour in every report of a model.
const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:1.5rem;color:#1d2733}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:2px solid #d5dde6;padding-bottom:.2rem}
.meta{color:#52606d;margin:0 0 1rem}
table{border-collapse:collapse;font-size:.8rem}th,td{border:1px solid #d5dde6;padding:.25rem .35rem;vertical-align:top;text-align:left}
th{background:#f0f4f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
.shift{border-radius:4px;padding:.15rem .3rem;margin-bottom:.15rem}.shift b{display:block}
.acts{font-size:.72rem;color:#334;margin:.1rem 0 0;padding-left:.9rem}
.leave{background:repeating-linear-gradient(45deg,#fde8e8,#fde8e8 6px,#fff 6px,#fff 12px);color:#9b1c1c;font-weight:600}
.off{color:#9aa5b1}.short{background:#fde8e8}.ok{background:#e3f9e5}.over{background:#fff8e1}
.reasons{font-size:.72rem;color:#52606d;margin:.2rem 0 0;padding-left:1rem}
.bar{display:inline-block;height:.6rem;background:#627d98;border-radius:2px;vertical-align:middle}
.bar.out{background:#d64545}.person{break-inside:avoid;margin-bottom:1rem}table.week{margin-bottom:.8rem;break-inside:avoid-page}
.s0{background:#dbeafe}.s1{background:#dcfce7}.s2{background:#fef3c7}.s3{background:#ede9fe}.s4{background:#fce7f3}
.s5{background:#cffafe}.s6{background:#fee2e2}.s7{background:#e0e7ff}.s8{background:#ecfccb}.s9{background:#f5f5f4}
.oncall{background:#312e81;color:#fff}.bad{color:#9b1c1c}
#cover-chart{display:flex;flex-wrap:wrap;gap:.4rem;margin-bottom:.8rem}#cover-chart figure{margin:0;break-inside:avoid}
figcaption{font-size:.7rem;color:#52606d;text-align:center}.axis{stroke:#9aa5b1}
.covered{fill:#627d98}.missing{fill:#d64545}.key{display:inline-block;width:.7rem;height:.7rem;vertical-align:middle}
.key.covered{background:#627d98}.key.missing{background:#d64545}
#frontier{display:flex;flex-wrap:wrap;gap:1rem}.chart{margin:0}.chart figcaption{font-size:.85rem;text-align:left;color:#1d2733}
.line{fill:none;stroke:#334e68;stroke-width:2}.dot{fill:#334e68}.dot.marked{fill:#fff;stroke:#2f855a;stroke-width:3}
.target{stroke:#2f855a;stroke-dasharray:4 3}.tick{font-size:9px;fill:#52606d}
td.better{color:#1f7a3a}td.worse{color:#b42318}.chosen td{font-weight:600}
@media print{@page{size:A4 landscape;margin:10mm}body{margin:0}h2{break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}}
";

/// The whole page; with no rota, `diagnosis` says why.
pub fn report(
    model: &Model,
    solved: &Solved,
    check: Option<&CheckReport>,
    diagnosis: &[crate::explain::Cause],
) -> String {
    let mut out = String::new();
    let title = format!("{}: rota from {}", model.name, model.horizon.start);
    let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
    let _ = write!(
        out,
        "<p class=\"meta\" id=\"summary\">{} days, {} people. Status: <b>{}</b>",
        model.horizon.days,
        model.people.len(),
        solved.status.as_str()
    );
    if let Some(o) = solved.objective {
        let _ = write!(out, "; objective {o:.2}");
    }
    if let Some(b) = solved.bound {
        let _ = write!(out, " (best bound {b:.2}");
        if let Some(m) = solved.bound_method {
            let _ = write!(out, ", by {}", m.as_str().replace('_', " "));
        }
        out.push(')');
    }
    out.push_str(".</p>\n");
    match (&solved.rota, check) {
        (Some(rota), Some(check)) => rota_sections(model, rota, check, &mut out),
        _ => {
            out.push_str("<h2>Why there is no rota</h2>\n<div id=\"no-rota\">\n");
            if diagnosis.is_empty() {
                out.push_str("<p>No single cause found in the time given.</p>\n");
            }
            for c in diagnosis {
                let _ = write!(
                    out,
                    "<div class=\"cause short\"><p><b>{}</b>: {}</p>",
                    esc(c.rule.as_str()),
                    esc(&c.facts)
                );
                out.push_str(&reasons_list(model, &c.reasons));
                let _ = writeln!(out, "<p>Fix: {}</p></div>", esc(&c.fix));
            }
            out.push_str("</div>\n");
        }
    }
    page(&title, &out)
}

/// The page `validate --format html` writes: the verdict on a rota a planner brings (every
/// violation, hard first), then the same sections as a solved rota's.
pub fn validation(model: &Model, rota: &Rota, check: &CheckReport) -> String {
    let mut out = String::new();
    let title = format!("{}: rota checked", model.name);
    let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
    let hard = check.hard_violations().count();
    let _ = writeln!(
        out,
        "<p class=\"meta\" id=\"summary\">{} days, {} people. {}; soft cost {:.2}.</p>",
        model.horizon.days,
        model.people.len(),
        match hard {
            0 => "<b>Legal</b>: the rota keeps every hard rule".to_string(),
            n => format!("<b class=\"bad\">Not legal</b>: {n} hard-rule violation(s)"),
        },
        check.cost
    );
    out.push_str(
        "<h2>Rules not kept</h2>\n<table id=\"violations\"><thead><tr><th>Rule</th><th>Kind</th>\
         <th>Person</th><th>Day</th><th>What</th></tr></thead><tbody>\n",
    );
    let mut violations: Vec<_> = check.violations.iter().collect();
    violations.sort_by_key(|v| !v.hard);
    for v in &violations {
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if v.hard { "short" } else { "over" },
            esc(v.rule.as_str()),
            if v.hard { "hard" } else { "soft" },
            v.person
                .as_deref()
                .map_or(String::new(), |p| esc(name(model, p))),
            v.date
                .map_or(String::new(), |d| d.format("%a %-d %b").to_string()),
            esc(&v.message)
        );
    }
    if violations.is_empty() {
        out.push_str("<tr class=\"ok\"><td colspan=\"5\">None.</td></tr>\n");
    }
    out.push_str("</tbody></table>\n");
    rota_sections(model, rota, check, &mut out);
    page(&title, &out)
}

/// The sections of a page about one rota.
fn rota_sections(model: &Model, rota: &Rota, check: &CheckReport, out: &mut String) {
    grid(model, rota, out);
    cover(model, rota, check, out);
    hours(model, check, out);
    unsocial(model, check, out);
    people(model, rota, out);
}

/// A whole self-contained page around `body`.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n{body}</body></html>\n",
        esc(title)
    )
}

/// HTML-escaped text.
pub(crate) fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Why each person is not on a line, as a list (nothing when there is no reason).
fn reasons_list(model: &Model, reasons: &[crate::explain::Reason]) -> String {
    if reasons.is_empty() {
        return String::new();
    }
    let items: String = reasons
        .iter()
        .map(|r| format!("<li>{}: {}</li>", esc(name(model, &r.person)), esc(&r.why)))
        .collect();
    format!("<ul class=\"reasons\">{items}</ul>")
}

/// A person's name by id.
fn name<'a>(model: &'a Model, id: &'a str) -> &'a str {
    model
        .person_ix(id)
        .map_or(id, |p| model.people[p].name.as_str())
}

/// One day's cell for a person: their shifts with times, base and activities, or leave.
fn cell(model: &Model, rota: &Rota, p: usize, d: usize) -> String {
    let person = &model.people[p];
    let date = model.horizon.date(d);
    let day: Vec<&Assignment> = rota
        .assignments
        .iter()
        .filter(|a| a.person == person.id && a.date == date)
        .collect();
    if day.is_empty() {
        let (start, end) = (d as i64 * 1440, d as i64 * 1440 + 1440);
        let away = person
            .unavailable
            .iter()
            .any(|&(s, e)| s <= start && e >= end);
        return match (person.leave_days.binary_search(&d).is_ok(), away) {
            (true, _) => "<td class=\"leave\">Leave</td>".into(),
            (false, true) => "<td class=\"leave\">Unavailable</td>".into(),
            (false, false) => "<td class=\"off\">off</td>".into(),
        };
    }
    let mut out = String::from("<td>");
    for a in day {
        let t = model.shift_ix(&a.shift);
        let class = match t.map(|t| (t, model.shifts[t].kind)) {
            Some((_, ShiftKind::OnCall)) => "oncall".to_string(),
            Some((t, ShiftKind::Work)) => format!("s{}", t % 10),
            None => "s9".into(),
        };
        let (start, end) = t.map_or((a.start.clone(), a.end.clone()), |t| {
            let s = &model.shifts[t];
            (crate::rota::clock(s.start), crate::rota::clock(s.end))
        });
        let _ = write!(
            out,
            "<div class=\"shift {class}\"><b>{}</b>{start}-{end}{}",
            esc(&a.shift),
            a.location
                .as_deref()
                .map(|l| format!(" @{}", esc(l)))
                .unwrap_or_default()
        );
        if !a.activities.is_empty() {
            out.push_str("<ul class=\"acts\">");
            for b in &a.activities {
                let _ = write!(
                    out,
                    "<li>{}-{} {}</li>",
                    esc(&b.start),
                    esc(&b.end),
                    esc(&b.activity)
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</div>");
    }
    out.push_str("</td>");
    out
}

/// A header cell per day: `Mon 30 Nov`.
fn day_headers(model: &Model, days: std::ops::Range<usize>, out: &mut String) {
    for d in days {
        let _ = write!(
            out,
            "<th>{}</th>",
            model.horizon.date(d).format("%a %-d %b")
        );
    }
}

/// The rota by person (rows) and day (columns), a table per planning week so that a long
/// horizon prints a week to a page.
fn grid(model: &Model, rota: &Rota, out: &mut String) {
    out.push_str("<h2>Rota</h2>\n<div id=\"rota\">\n");
    for w in 0..model.horizon.weeks() {
        let days = model.horizon.week_days(w);
        out.push_str("<table class=\"week\"><thead><tr><th>Person</th>");
        day_headers(model, days.clone(), out);
        out.push_str("</tr></thead><tbody>\n");
        for (p, person) in model.people.iter().enumerate() {
            let _ = write!(out, "<tr><th>{}</th>", esc(&person.name));
            for d in days.clone() {
                out.push_str(&cell(model, rota, p, d));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</div>\n");
}

/// Demand against cover, line by line, short lines marked with why each person with the
/// skills is not on them.
fn cover(model: &Model, rota: &Rota, check: &CheckReport, out: &mut String) {
    out.push_str("<h2>Cover</h2>\n");
    cover_chart(model, check, out);
    out.push_str(
        "<table id=\"cover\"><thead><tr><th>Day</th><th>Need</th>\
         <th>Required</th><th>Given</th><th>Why not covered</th></tr></thead><tbody>\n",
    );
    let reasons = crate::explain::shortfall_reasons(model, rota, check);
    for (line, reasons) in check.cover.iter().zip(&reasons) {
        if line.required == 0 && line.assigned == 0 {
            continue;
        }
        let class = match (line.under, line.over) {
            (0, 0) => "ok",
            (0, _) => "over",
            _ => "short",
        };
        let _ = writeln!(
            out,
            "<tr class=\"{class}\"><td>{}</td><td>{} shift</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{}</td></tr>",
            line.date.format("%a %-d %b"),
            esc(&line.shift),
            line.required,
            line.assigned,
            reasons_list(model, reasons)
        );
    }
    let reasons = crate::explain::demand_reasons(model, rota, check);
    for (line, reasons) in check.demand.iter().zip(&reasons) {
        let short = line.short_person_minutes > 0;
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td>{}</td><td>{} {}-{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}h{:02} given{}</td><td>{}</td></tr>",
            if short { "short" } else { "ok" },
            line.date.format("%a %-d %b"),
            esc(&line.activity),
            crate::rota::clock(line.start),
            crate::rota::clock(line.end),
            match line.kind {
                crate::check::DemandLineKind::Headcount => format!("{} people", line.required),
                crate::check::DemandLineKind::PersonMinutes =>
                    format!("{}h{:02}", line.required / 60, line.required % 60),
            },
            line.delivered_person_minutes / 60,
            line.delivered_person_minutes % 60,
            match short {
                true => format!(
                    ", {}h{:02} short",
                    line.short_person_minutes / 60,
                    line.short_person_minutes % 60
                ),
                false => String::new(),
            },
            reasons_list(model, reasons)
        );
    }
    out.push_str("</tbody></table>\n");
}

/// People needed and people missing in each hour of the horizon, from the cover lines
/// (over their shift) and the headcount demand lines (over their window), each averaged
/// over the hour. Person-minute lines have no hourly shape and are left to the table.
fn hourly_need(model: &Model, check: &CheckReport) -> Vec<(f64, f64)> {
    let hours = model.horizon.days * 24;
    let mut by_hour = vec![(0.0, 0.0); hours];
    let mut add = |start: i64, end: i64, need: f64, short: &[(i64, i64, f64)]| {
        // Only the hours the line touches (a year has 8,736 of them).
        let first = (start.max(0) / 60) as usize;
        let last = ((end.max(0) + 59) / 60) as usize;
        for (h, slot) in by_hour.iter_mut().enumerate().take(last).skip(first) {
            let (a, b) = (h as i64 * 60, h as i64 * 60 + 60);
            let overlap = |s: i64, e: i64| (e.min(b) - s.max(a)).max(0) as f64 / 60.0;
            slot.0 += need * overlap(start, end);
            slot.1 += short
                .iter()
                .map(|&(s, e, n)| n * overlap(s, e))
                .sum::<f64>();
        }
    };
    for line in &check.cover {
        let (Some(d), Some(t)) = (model.horizon.day_of(line.date), model.shift_ix(&line.shift))
        else {
            continue;
        };
        let shift = &model.shifts[t];
        let (start, end) = (d as i64 * 1440 + shift.start, d as i64 * 1440 + shift.end);
        add(
            start,
            end,
            line.required as f64,
            &[(start, end, line.under as f64)],
        );
    }
    for line in &check.demand {
        if line.kind == crate::check::DemandLineKind::Headcount {
            let short: Vec<(i64, i64, f64)> = line
                .shortfalls
                .iter()
                .map(|&(s, e, n)| (s, e, n as f64))
                .collect();
            add(line.start, line.end, line.required as f64, &short);
        }
    }
    by_hour
}

/// Demand against cover by hour, a small chart per day: the part covered in blue, the part
/// short in red.
fn cover_chart(model: &Model, check: &CheckReport, out: &mut String) {
    let by_hour = hourly_need(model, check);
    let top = by_hour.iter().map(|h| h.0).fold(1.0_f64, f64::max);
    let (bar, height) = (7.0, 48.0);
    out.push_str(
        "<p class=\"meta\">People needed by hour (shift cover and headcount demand): covered \
         <span class=\"key covered\"></span> short <span class=\"key missing\"></span></p>\
         <div id=\"cover-chart\">\n",
    );
    for d in 0..model.horizon.days {
        let _ = write!(
            out,
            "<figure><svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\">\
             <line x1=\"0\" y1=\"{height}\" x2=\"{w}\" y2=\"{height}\" class=\"axis\"/>",
            w = 24.0 * bar,
            h = height + 1.0
        );
        for (k, &(need, short)) in by_hour[d * 24..d * 24 + 24].iter().enumerate() {
            if need <= 0.0 {
                continue;
            }
            let x = k as f64 * bar;
            let covered = (need - short).max(0.0) / top * height;
            let missing = short.min(need) / top * height;
            let _ = write!(
                out,
                "<g><title>{k:02}:00-{:02}:00: {need:.1} needed, {short:.1} short</title>\
                 <rect class=\"covered\" x=\"{x}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{covered:.1}\"/>\
                 <rect class=\"missing\" x=\"{x}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{missing:.1}\"/></g>",
                k + 1,
                height - covered,
                bar - 1.0,
                height - covered - missing,
                bar - 1.0
            );
        }
        let _ = writeln!(
            out,
            "</svg><figcaption>{}</figcaption></figure>",
            model.horizon.date(d).format("%a %-d %b")
        );
    }
    out.push_str("</div>\n");
}

/// One line of a chart: a figure against a lever's values.
pub(crate) struct Series<'a> {
    /// The figure, above the chart.
    pub title: &'a str,
    /// The lever, under the x axis.
    pub x_label: &'a str,
    pub xs: &'a [f64],
    /// The figure at each x (none: that point has no rota).
    pub ys: &'a [Option<f64>],
    /// The point to ring (the one chosen).
    pub marked: Option<usize>,
    /// A level to draw across (a target).
    pub reference: Option<f64>,
}

/// A small line chart in inline SVG, each point with its figure on hover.
pub(crate) fn line_chart(series: &Series) -> String {
    let (w, h, left, bottom, top_pad) = (300.0, 170.0, 44.0, 30.0, 10.0);
    let points: Vec<(f64, f64)> = series
        .xs
        .iter()
        .zip(series.ys)
        .filter_map(|(&x, y)| y.map(|y| (x, y)))
        .collect();
    let (x0, x1) = series
        .xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    let (mut y0, mut y1) = points
        .iter()
        .map(|p| p.1)
        .chain(series.reference)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
            (a.min(y), b.max(y))
        });
    if !y0.is_finite() {
        (y0, y1) = (0.0, 1.0);
    }
    if y1 - y0 < 1e-9 {
        (y0, y1) = (y0 - 1.0, y1 + 1.0);
    }
    let span_x = if x1 - x0 > 1e-9 { x1 - x0 } else { 1.0 };
    let sx = |x: f64| left + (x - x0) / span_x * (w - left - 10.0);
    let sy = |y: f64| top_pad + (y1 - y) / (y1 - y0) * (h - bottom - top_pad);
    let mut out = format!(
        "<figure class=\"chart\"><figcaption>{}</figcaption><svg width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\">\
         <line class=\"axis\" x1=\"{left}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\"/>\
         <line class=\"axis\" x1=\"{left}\" y1=\"{top_pad}\" x2=\"{left}\" y2=\"{b}\"/>\
         <text x=\"{tx}\" y=\"{th}\" class=\"tick\">{}</text>\
         <text x=\"2\" y=\"{ty0}\" class=\"tick\">{}</text><text x=\"2\" y=\"{ty1}\" class=\"tick\">{}</text>",
        esc(series.title),
        esc(series.x_label),
        short(y0),
        short(y1),
        b = h - bottom,
        r = w - 10.0,
        tx = w / 2.0 - 30.0,
        th = h - 4.0,
        ty0 = h - bottom,
        ty1 = top_pad + 8.0,
    );
    if let Some(target) = series.reference {
        let _ = write!(
            out,
            "<line class=\"target\" x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"><title>target {}</title></line>",
            w - 10.0,
            short(target),
            y = sy(target)
        );
    }
    let path: Vec<String> = points
        .iter()
        .map(|&(x, y)| format!("{:.1},{:.1}", sx(x), sy(y)))
        .collect();
    let _ = write!(
        out,
        "<polyline class=\"line\" points=\"{}\"/>",
        path.join(" ")
    );
    for (k, (&x, y)) in series.xs.iter().zip(series.ys).enumerate() {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{}\" class=\"tick\">{}</text>",
            sx(x) - 4.0,
            h - bottom + 12.0,
            short(x)
        );
        if let Some(y) = y {
            let _ = write!(
                out,
                "<circle class=\"{}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{}\"><title>{} {}: {}</title></circle>",
                if series.marked == Some(k) { "dot marked" } else { "dot" },
                sx(x),
                sy(*y),
                if series.marked == Some(k) { 6 } else { 3 },
                esc(series.x_label),
                short(x),
                short(*y)
            );
        }
    }
    out.push_str("</svg></figure>\n");
    out
}

/// A figure for an axis: whole when it is, else to two places.
fn short(x: f64) -> String {
    match x.fract().abs() < 1e-9 {
        true => format!("{x:.0}"),
        false => format!("{x:.2}"),
    }
}

/// `7h30`.
fn hm(minutes: i64) -> String {
    format!("{}h{:02}", minutes / 60, minutes.abs() % 60)
}

/// Hours against contract per person and planning week, with admin and pay.
fn hours(model: &Model, check: &CheckReport, out: &mut String) {
    out.push_str("<h2>Hours against contract</h2>\n<table id=\"hours\"><thead><tr><th>Person</th>");
    let weeks = check.people.first().map_or(0, |s| s.weeks.len());
    for w in 0..weeks {
        let start = check.people[0].weeks[w].start;
        let _ = write!(out, "<th>Week from {}</th>", start.format("%a %-d %b"));
    }
    out.push_str("<th>Horizon</th><th>Protected admin</th><th>Pay (£)</th></tr></thead><tbody>\n");
    for s in &check.people {
        let _ = write!(out, "<tr><th>{}</th>", esc(name(model, &s.person)));
        for week in &s.weeks {
            let (target, outside) = match &week.contract {
                Some(c) => (
                    Some(c.target),
                    week.counted_minutes < c.min || week.counted_minutes > c.max,
                ),
                None => (None, false),
            };
            let width = (week.counted_minutes as f64 / 60.0 * 1.5).round() as i64;
            let _ = write!(
                out,
                "<td class=\"num\"><span class=\"bar{}\" style=\"width:{width}px\"></span> {}{}</td>",
                if outside { " out" } else { "" },
                hm(week.counted_minutes),
                target.map(|t| format!(" / {}", hm(t))).unwrap_or_default()
            );
        }
        let admin = match s.worked_minutes {
            0 => "-".to_string(),
            w => format!("{:.0}%", 100.0 * s.admin_minutes as f64 / w as f64),
        };
        let _ = writeln!(
            out,
            "<td class=\"num\">{} / {}</td><td class=\"num\">{admin}</td>\
             <td class=\"num\">{:.2}</td></tr>",
            hm(s.counted_minutes),
            hm(s.target_minutes),
            s.cost_pounds
        );
    }
    out.push_str("</tbody></table>\n");
}

/// Unsocial work by kind per person, against the fair share and per FTE.
fn unsocial(model: &Model, check: &CheckReport, out: &mut String) {
    out.push_str(
        "<h2>Unsocial work</h2>\n<table id=\"unsocial\"><thead><tr><th>Person</th><th>FTE</th>\
         <th>Nights (fair)</th><th>Weekends (fair)</th><th>Evenings (fair)</th>\
         <th>Per FTE</th></tr></thead><tbody>\n",
    );
    for s in &check.people {
        let fte = model
            .person_ix(&s.person)
            .map_or(1.0, |p| model.people[p].contract.fte);
        let _ = write!(
            out,
            "<tr><th>{}</th><td class=\"num\">{fte:.2}</td>",
            esc(name(model, &s.person))
        );
        for k in &s.unsocial {
            let _ = write!(
                out,
                "<td class=\"num\">{} ({:.1})</td>",
                k.before + k.count,
                k.fair
            );
        }
        let _ = writeln!(
            out,
            "<td class=\"num\">{:.2}</td></tr>",
            s.unsocial_units as f64 / fte.max(1e-9)
        );
    }
    out.push_str("</tbody></table>\n");
}

/// Each person's own rota: their days in a column each, a row per planning week.
fn people(model: &Model, rota: &Rota, out: &mut String) {
    out.push_str("<h2>Each person's rota</h2>\n<div id=\"people\">\n");
    for (p, person) in model.people.iter().enumerate() {
        let _ = write!(
            out,
            "<section class=\"person\" id=\"person-{}\"><h3>{}</h3><table>",
            esc(&person.id),
            esc(&person.name)
        );
        for w in 0..model.horizon.weeks() {
            let days = model.horizon.week_days(w);
            out.push_str("<tr>");
            day_headers(model, days.clone(), out);
            out.push_str("</tr><tr>");
            for d in days {
                out.push_str(&cell(model, rota, p, d));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table></section>\n");
    }
    out.push_str("</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(hm(450), "7h30");
    }
}
