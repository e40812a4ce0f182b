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
.oncall{background:#312e81;color:#fff}
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
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        esc(&title)
    );
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
        let _ = write!(out, " (best bound {b:.2})");
    }
    out.push_str(".</p>\n");
    match (&solved.rota, check) {
        (Some(rota), Some(check)) => {
            grid(model, rota, &mut out);
            cover(model, rota, check, &mut out);
            hours(model, check, &mut out);
            unsocial(model, check, &mut out);
            people(model, rota, &mut out);
        }
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
    out.push_str("</body></html>\n");
    out
}

/// HTML-escaped text.
fn esc(text: &str) -> String {
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
        return match person.leave_days.binary_search(&d).is_ok() {
            true => "<td class=\"leave\">Leave</td>".into(),
            false => "<td class=\"off\">off</td>".into(),
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
    out.push_str(
        "<h2>Cover</h2>\n<table id=\"cover\"><thead><tr><th>Day</th><th>Need</th>\
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
