//! Scenario files: a base instance and named variants, each a list of changes (the format
//! is in `docs/SCENARIOS.md`).
//!
//! A variant is built by laying its changes over the base's merged raw instance and then
//! running the same validation and model building as any instance, so a variant is checked
//! exactly like a model file. Changes carry their place in the scenario file: a mistake in a
//! change (an unknown contract type, a bad time in an added shift) is reported there, and
//! every problem of every variant is reported at once.
//!
//! Most changes edit the raw layer (people, contract types, shifts, job shares, demand,
//! rules). Three edit the built model, because they are relative to what a person already
//! has: `fte` scales the person's contracted minutes, `oncall_rota` takes a shift away from
//! everybody not on the rota, and `locked_down` keeps people on office admin.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::build::build_model;
use super::decode::decode;
use super::load::{load_tree, SourceFile};
use super::merge::{merge, upsert, Merged};
use super::problems::{suggestion, Located, Origin, Problems};
use super::raw::{
    RawContract, RawContractRef, RawDemand, RawJobShare, RawPerson, RawRules, RawShift,
};
use super::yaml::parse_yaml;
use super::LoadError;
use crate::model::{ActivityCap, Model, ShiftKind};
use crate::scenario::{Choice, Design, Goal, Limits, Scenarios, Variant};

/// The top-level fields of a scenario file.
pub(super) const TOP_LEVEL: [&str; 3] = ["name", "base", "variants"];

/// `variants[]`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a variant mapping `{name, changes}`")]
struct RawVariant {
    /// Unique name of the variant, 1 to 64 characters on one line (not `base`).
    name: String,
    /// Free text shown in the comparison (default: empty).
    #[serde(default)]
    description: String,
    /// Changes to the base, applied in order; each a mapping with one key, the kind
    /// (default: none).
    #[serde(default)]
    #[schemars(with = "Vec<RawChange>")]
    changes: Vec<Value>,
    /// Contracts left to the optimiser: per person, a menu of options (default: none).
    #[serde(default)]
    choose: Vec<RawMenu>,
    /// Limits on the chosen design (default: none).
    limits: Option<RawLimits>,
    /// What the choice optimises: `flexibility`, the design granting most options, or `objective`,
    /// the lowest objective (default: `flexibility`).
    goal: Option<String>,
}

/// `variants[].choose[]`: a person and the contracts they may be given instead of theirs.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{person: id, options: [{contract: ...}, ...]}`"
)]
struct RawMenu {
    /// A person of the variant (after its changes) whose contract no change also sets.
    person: String,
    /// Contracts the person may be given instead of their own (they may also keep theirs).
    options: Vec<RawOption>,
}

/// `variants[].choose[].options[]`: what granting the option changes for the person (at
/// least one of `contract`, `home_days_per_week`, `requests`, `job_share`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{contract: type or {type, ...}, home_days_per_week: N, requests: [...], job_share: {...}, label: text}`"
)]
struct RawOption {
    /// A contract type id, or an inline mapping `{type: id, ...}`, as in `set_contract`
    /// (default: the person keeps theirs).
    contract: Option<RawContractRef>,
    /// Most home-working days a week with the option (default: as the person has).
    home_days_per_week: Option<u32>,
    /// Requests the option grants, added to the person's own, as `people[].requests` (e.g.
    /// a home day on Fridays: `{home: [fri], weight: 1000}`; the weight is how firmly the
    /// rota keeps it) (default: none).
    #[serde(default)]
    requests: Vec<super::raw::RawRequest>,
    /// A job share the option makes, as `job_shares[]`, its `members` the person and their
    /// partners (who keep their contracts and have no menu of their own); it exists only
    /// with the option (default: none).
    job_share: Option<RawJobShare>,
    /// Name of the option in reports (default: what it changes).
    label: Option<String>,
}

impl RawOption {
    /// What the option changes, in words.
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = &self.contract {
            parts.push(describe_contract(c));
        }
        if let Some(n) = self.home_days_per_week {
            parts.push(format!("{n} home day(s) a week"));
        }
        if !self.requests.is_empty() {
            parts.push(format!("{} request(s)", self.requests.len()));
        }
        if let Some(post) = &self.job_share {
            parts.push(format!("job share `{}`", post.id));
        }
        parts.join(", ")
    }
}

/// Gives `person` what `option` changes. The person's origin moves to `at`, so problems
/// with the option are reported there; `false` when the person is unknown.
fn grant(
    merged: &mut Merged,
    person: &str,
    option: &RawOption,
    at: &Origin,
    problems: &mut Problems,
) -> bool {
    if let Some(contract) = &option.contract {
        if !set_contract(merged, person, contract, at, problems) {
            return false;
        }
    }
    let Some(item) = person_mut(merged, person, at, problems) else {
        return false;
    };
    if let Some(n) = option.home_days_per_week {
        item.value.home_days_per_week = Some(n);
    }
    // The option's requests first, so a problem in one is reported at its own index (the
    // person's own were checked with the base).
    let own = std::mem::take(&mut item.value.requests);
    item.value.requests = option.requests.clone();
    item.value.requests.extend(own);
    item.at = at.clone();
    if let Some(post) = &option.job_share {
        let at = at.field("job_share");
        if !post.members.iter().any(|m| m == person) {
            problems.error_hint(
                &at.field("members"),
                format!("the post does not list `{person}`"),
                format!(
                    "an option's job share is one `{person}` joins: add `{person}` to its members"
                ),
            );
        } else {
            upsert(&mut merged.job_shares, Located::new(at, post.clone()));
        }
    }
    true
}

/// `variants[].limits`.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{max_changes, max_weekly_cost, min_cover_pct}`"
)]
struct RawLimits {
    /// At most this many people given an option (default: no limit).
    max_changes: Option<u32>,
    /// Weekly staff cost at most this, in pounds (default: no limit).
    max_weekly_cost: Option<f64>,
    /// Demand covered at least this, in percent (default: no limit).
    min_cover_pct: Option<f64>,
}

/// The most designs one variant may leave open.
const MAX_DESIGNS: usize = 256;

/// `variants[].changes[]`: a mapping with exactly one key, the kind of change.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum RawChange {
    /// A person's contract becomes a contract type, or an inline contract with overrides.
    SetContract(SetContract),
    /// Scales a person's contracted minutes to a new FTE, above 0 and at most 1.5.
    Fte(SetFte),
    /// Adds a new person, as in `people[]`; the id must be new.
    AddPerson(Box<RawPerson>),
    /// Removes a person, by id, also from named office days and job shares.
    RemovePerson(String),
    /// Adds a job share, or replaces the one with the same id, as in `job_shares[]`.
    JobShare(RawJobShare),
    /// Sets the home-working allowance of everybody (`all`) or of the people listed.
    HomeDays(HomeDays),
    /// Rule parameters and settings laid over the base's `rules`, field by field.
    Rules(RawRules),
    /// Multiplies matching demand lines by a factor, rounded to whole people and minutes.
    ScaleDemand(ScaleDemand),
    /// Adds a demand line, as in `demand[]`.
    AddDemand(RawDemand),
    /// Adds a shift template, or replaces the one with the same id, as in `shifts[]`.
    Shift(RawShift),
    /// Adds a contract type (with `id`), or replaces the one with the same id.
    ContractType(RawContract),
    /// Only the people listed may work the on-call template; everybody else loses it.
    OncallRota(OncallRota),
    /// A locked-down catch-up week for the people listed, over the whole horizon.
    LockedDown(LockedDown),
}

/// The kinds of change, for "did you mean" hints.
const CHANGE_KINDS: [&str; 13] = [
    "set_contract",
    "fte",
    "add_person",
    "remove_person",
    "job_share",
    "home_days",
    "rules",
    "scale_demand",
    "add_demand",
    "shift",
    "contract_type",
    "oncall_rota",
    "locked_down",
];

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{person: id, contract: type or {type, ...}}`"
)]
struct SetContract {
    /// The person whose contract changes.
    person: String,
    /// The new contract: a contract type id, or an inline mapping `{type: id, ...}` with overrides.
    contract: RawContractRef,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a mapping `{person: id, fte: 0.8}`")]
struct SetFte {
    /// The person whose FTE changes.
    person: String,
    /// The new full-time equivalent, above 0 and at most 1.5; contracted minutes scale with it.
    fte: f64,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{people: all or [ids], home_days_per_week: N}`"
)]
struct HomeDays {
    /// `all`, or a list of person ids.
    people: RawPeople,
    /// Home-working allowance, days per planning week.
    home_days_per_week: u32,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{factor: 1.2, activity: id}` (or `shift: id`, or neither for all)"
)]
struct ScaleDemand {
    /// Multiplier of headcount, person-minutes and shift cover, 0 to 100.
    factor: f64,
    /// Scale only this activity's demand (default: with no `shift` either, every line).
    activity: Option<String>,
    /// Scale only this shift template's cover (default: with no `activity` either, every line).
    shift: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping `{shift: id, people: [ids]}`"
)]
struct OncallRota {
    /// The on-call shift template.
    shift: String,
    /// The only people who may work it, by id.
    people: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, expecting = "a mapping `{people: [ids]}`")]
struct LockedDown {
    /// People locked down over the whole horizon: in the office, no unsocial or on-call shift,
    /// protected admin only.
    people: Vec<String>,
}

/// `all`, or a list of person ids.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged, expecting = "`all` or a list of person ids")]
enum RawPeople {
    /// `all`: everybody in the variant.
    Word(String),
    /// The people listed, by id.
    List(Vec<String>),
}

/// A change that edits the built model, with the people it names already checked.
#[derive(Debug, Clone)]
enum ModelChange {
    Fte { person: String, fte: f64 },
    OncallRota { shift: String, people: Vec<String> },
    LockedDown { people: Vec<String> },
}

/// Reads a scenario file, its base instance and everything that includes, and builds every
/// variant's model. The base comes first, as variant `base`.
///
/// # Errors
///
/// [`LoadError::Io`] when a file cannot be read; [`LoadError::Invalid`] with every problem in
/// the base and in every variant otherwise.
pub fn load_scenarios(path: &Path) -> Result<Scenarios, LoadError> {
    let text = crate::textfile::read_text(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let dir = path.parent().unwrap_or_else(|| Path::new(""));
    load_scenarios_str(&text, path, dir)
}

/// As [`load_scenarios`], from text read from `path` (the base is resolved against `dir`).
///
/// # Errors
///
/// As [`load_scenarios`].
pub fn load_scenarios_str(text: &str, path: &Path, dir: &Path) -> Result<Scenarios, LoadError> {
    let mut files = vec![SourceFile::in_memory(path, text)];
    let mut problems = Problems::default();
    let top = read_top(text, &mut problems);
    let default_name = path
        .file_stem()
        .map(|s| {
            s.to_string_lossy()
                .trim_end_matches(".scenarios")
                .to_string()
        })
        .unwrap_or_default();
    let Some(base) = top.base.clone() else {
        return Err(invalid(problems, files));
    };

    // The base instance and its includes are files 0.. as when loaded alone; the scenario
    // file goes last, and its problems so far (recorded as file 0) move there.
    let base_path = dir.join(&base.value);
    let base_text = match crate::textfile::read_text(&base_path) {
        Ok(t) => t,
        Err(e) => {
            problems.error_hint(
                &base.at,
                format!("cannot read base instance `{}`: {e}", base_path.display()),
                "the base path is relative to the scenario file",
            );
            return Err(invalid(problems, files));
        }
    };
    let base_dir = base_path.parent().unwrap_or_else(|| Path::new(""));
    let mut loaded = load_tree(base_path.clone(), base_dir, &base_text);
    let scenario_file = loaded.files.len();
    files = {
        let mut all = std::mem::take(&mut loaded.files);
        all.push(files.remove(0));
        all
    };
    let mut base_problems = loaded.problems;
    let merged = loaded
        .complete
        .then(|| merge(loaded.raws, &files, &mut base_problems));
    let base_model = merged.clone().and_then(|m| {
        let (model, found) = build_model(m, &base_name(&base_path), Problems::default());
        base_problems.extend(found);
        model
    });
    let (Some(merged), Some(base_model), true) = (merged, base_model, base_problems.is_empty())
    else {
        return Err(invalid(base_problems, files));
    };
    // Problems of the scenario file itself, now that its index is known.
    let mut problems = problems.map_files(|_| scenario_file);
    let mut variants = vec![Variant {
        name: "base".to_string(),
        description: format!("{} as written", base.value),
        changes: Vec::new(),
        model: base_model.clone(),
        choice: None,
    }];
    let mut seen: HashMap<String, Origin> = HashMap::new();
    seen.insert("base".into(), Origin::new(scenario_file, "base"));
    for (i, mut value) in top.variants.into_iter().enumerate() {
        let at = Origin::new(scenario_file, "variants").item(i);
        if let Some(map) = value.as_object_mut() {
            // `changes:` or `choose:` written with nothing after it is an empty list.
            map.retain(|k, v| !(v.is_null() && (k == "changes" || k == "choose")));
        }
        let Some(raw) = decode::<RawVariant>(value, &at, &mut problems) else {
            continue;
        };
        if !super::values::name(&raw.name, "variant", &at.field("name"), &mut problems) {
            continue;
        }
        if let Some(first) = seen.get(&raw.name) {
            let hint = match first.path.as_str() {
                "base" => "`base` is the base instance's own row; pick another name".into(),
                path => format!("it is already used by {path}; variant names must be unique"),
            };
            problems.error_hint(
                &at.field("name"),
                format!("duplicate variant `{}`", raw.name),
                hint,
            );
        }
        seen.insert(raw.name.clone(), at.clone());
        if let Some(variant) = variant(&merged, raw, &at, &base_model.name, &mut problems) {
            variants.push(variant);
        }
    }
    if !problems.is_empty() {
        return Err(invalid(problems, files));
    }
    Ok(Scenarios {
        name: top.name.unwrap_or(default_name),
        base: base.value,
        variants,
        files: files.into_iter().map(|f| f.path).collect(),
    })
}

/// A scenario file's top level, for its JSON Schema only: `read_top` reads the fields one
/// by one so that every problem is reported.
#[derive(JsonSchema)]
#[schemars(title = "flexrota scenario file", deny_unknown_fields)]
#[allow(dead_code)]
pub(super) struct ScenarioFile {
    /// This schema, for editors that read it from the file (flexrota ignores it).
    #[schemars(rename = "$schema")]
    schema: Option<String>,
    /// The comparison's name in reports.
    name: Option<String>,
    /// The instance the variants change, relative to this file.
    base: String,
    /// The candidate job designs.
    variants: Vec<RawVariant>,
}

/// The scenario file's top level.
#[derive(Default)]
struct Top {
    name: Option<String>,
    base: Option<Located<String>>,
    variants: Vec<Value>,
}

/// Reads the top level of a scenario file, recording problems against file 0.
fn read_top(text: &str, problems: &mut Problems) -> Top {
    let mut top = Top::default();
    let value = match parse_yaml(text) {
        Ok(v) => v,
        Err(e) => {
            problems.at_position(
                &Origin::new(0, ""),
                (e.line, e.column),
                e.message,
                Some("check indentation, quotes and brackets around here".into()),
            );
            return top;
        }
    };
    let Value::Object(map) = value else {
        problems.error_hint(
            &Origin::new(0, ""),
            "expected a mapping with `base:` and `variants:` at the top level",
            "see docs/SCENARIOS.md",
        );
        return top;
    };
    for (key, value) in map {
        let at = Origin::new(0, &key);
        match key.as_str() {
            "name" => top.name = decode(value, &at, problems),
            "base" => top.base = decode(value, &at, problems).map(|v| Located::new(at, v)),
            "$schema" => {}
            "variants" => match value {
                Value::Array(items) => top.variants = items,
                Value::Null => {}
                _ => {
                    problems.error_hint(&at, "expected a list of variants", "see docs/SCENARIOS.md")
                }
            },
            _ => problems.push_key(
                &at,
                format!("unknown field `{key}`"),
                Some(suggestion(&key, &TOP_LEVEL, "field")),
            ),
        }
    }
    if top.base.is_none() && problems.is_empty() {
        problems.error_hint(
            &Origin::new(0, ""),
            "missing field `base`",
            "name the instance the variants change, e.g. `base: children-assessment.yaml`",
        );
    }
    top
}

/// The default model name of an instance file.
fn base_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn invalid(problems: Problems, files: Vec<SourceFile>) -> LoadError {
    LoadError::Invalid {
        diagnostics: problems.into_diagnostics(&files),
        sources: files
            .into_iter()
            .map(|f| (f.path, f.text))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// A variant's raw instance with its changes laid over, before building.
#[derive(Clone)]
struct Draft {
    merged: Merged,
    /// Changes to apply to the built model.
    later: Vec<ModelChange>,
    /// The changes in plain words.
    summary: Vec<String>,
    /// Which aspect of which person a change has set, and where.
    touched: HashMap<(String, &'static str), Origin>,
}

impl Draft {
    /// Applies one change; `false` when it was refused (the problem is recorded).
    fn apply(&mut self, change: RawChange, at: &Origin, problems: &mut Problems) -> bool {
        let mut edit = Edit {
            merged: &mut self.merged,
            problems,
            touched: &mut self.touched,
            at,
        };
        match edit.apply(change, &mut self.later) {
            Some(text) => {
                self.summary.push(text);
                true
            }
            None => false,
        }
    }

    /// Validates and builds the model, as for any instance.
    fn build(self, model_name: &str, problems: &mut Problems) -> Option<Model> {
        let (model, found) = build_model(self.merged, model_name, Problems::default());
        problems.extend(found);
        let mut model = model?;
        for change in self.later {
            apply_to_model(&mut model, change);
        }
        Some(model)
    }
}

/// Builds one variant: its changes over a copy of the base, and the designs it leaves open.
fn variant(
    base: &Merged,
    mut raw: RawVariant,
    at: &Origin,
    model_name: &str,
    problems: &mut Problems,
) -> Option<Variant> {
    let mut draft = Draft {
        merged: base.clone(),
        later: Vec::new(),
        summary: Vec::new(),
        touched: HashMap::new(),
    };
    let before = problems.len();
    let changes_at = at.field("changes");
    for (i, value) in std::mem::take(&mut raw.changes).into_iter().enumerate() {
        let at = changes_at.item(i);
        if let Some(kind) = unknown_kind(&value) {
            problems.push_key(
                &at.field(&kind),
                format!("unknown change `{kind}`"),
                Some(suggestion(&kind, &CHANGE_KINDS, "change")),
            );
            continue;
        }
        if let Some(change) = decode::<RawChange>(value, &at, problems) {
            draft.apply(change, &at, problems);
        }
    }
    let menus = menus(
        &draft,
        &raw.choose,
        &at.field("choose"),
        model_name,
        problems,
    );
    let choice = match raw.choose.is_empty() {
        true => None,
        false => choice(&draft, &raw, &menus, at, model_name, problems),
    };
    let changes = draft.summary.clone();
    let model = draft.build(model_name, problems)?;
    let choice = choice.map(|mut c| {
        c.programme = programme(&model, &menus, &c.limits);
        c
    });
    if let Some(c) = &choice {
        if c.designs.is_empty() && c.programme.is_none() {
            problems.error_hint(
                &at.field("choose"),
                format!("more than {MAX_DESIGNS} designs, and a menu's person is in a re-plan or a family's history"),
                "one programme can choose only for people who stand alone; shorten the menus to at most 256 designs, or set `limits: {max_changes: N}`",
            );
        }
    }
    (problems.len() == before).then_some(Variant {
        name: raw.name,
        description: raw.description,
        changes,
        model,
        choice,
    })
}

/// One option of a menu, checked: the person, what the option changes, its label, its
/// origin, the person as built with it and the job share it makes.
struct MenuOption {
    person: String,
    option: RawOption,
    label: String,
    at: Origin,
    /// The person as the option makes them, built and validated with the variant.
    built: crate::model::Person,
    /// The job share the option makes, as built with the variant (its members are the
    /// variant's people).
    post: Option<crate::model::JobShare>,
}

/// The limits a design's own programme keeps as rows (cover and cost; `max_changes` is kept
/// by which designs are built), when there are any.
fn design_limits(limits: &Limits) -> Option<crate::model::DesignChoice> {
    let rows = crate::model::DesignLimits {
        max_changes: None,
        max_weekly_cost: limits.max_weekly_cost,
        min_cover_pct: limits.min_cover_pct,
    };
    (rows != crate::model::DesignLimits::default()).then(|| crate::model::DesignChoice {
        limits: rows,
        ..Default::default()
    })
}

/// The variant's model with every option's copy of its person appended (id
/// `person/option`), for choosing the design inside one programme: each copy holds the
/// person's place in job shares and named office days, and an option's own job share is
/// added with the copy in the person's place (`JobShare::option`). `None` when a menu's person is tied
/// to the past in ways a copy cannot share (a re-plan's pins, a family's worker).
fn programme(model: &Model, menus: &[Vec<MenuOption>], limits: &Limits) -> Option<Model> {
    use crate::model::{DesignChoice, DesignLimits, OptionGroup};
    let mut out = model.clone();
    if !model.pins.is_empty() || model.published.is_some() {
        return None;
    }
    let mut groups = Vec::new();
    for menu in menus.iter().filter(|m| !m.is_empty()) {
        let own = model.people.iter().position(|p| p.id == menu[0].person)?;
        if model.activities.iter().any(|a| a.worker == Some(own)) {
            return None;
        }
        let mut copies = vec![own];
        let mut labels = vec!["keep".to_string()];
        for (k, option) in menu.iter().enumerate() {
            let mut person = option.built.clone();
            person.id = format!("{}/{}", option.person, k + 1);
            let copy = out.people.len();
            for post in out
                .job_shares
                .iter_mut()
                .filter(|j| j.members.contains(&own))
            {
                post.members.push(copy);
            }
            for day in out
                .office_days
                .iter_mut()
                .filter(|o| o.people.contains(&own))
            {
                day.people.push(copy);
            }
            if let Some(post) = &option.post {
                let mut post = post.clone();
                for m in &mut post.members {
                    if *m == own {
                        *m = copy;
                    }
                }
                post.option = Some(copy);
                out.job_shares.push(post);
            }
            copies.push(copy);
            labels.push(option.label.clone());
            out.people.push(person);
        }
        groups.push(OptionGroup { copies, labels });
    }
    out.choice = Some(DesignChoice {
        forced: vec![None; groups.len()],
        groups,
        limits: DesignLimits {
            max_changes: limits.max_changes,
            max_weekly_cost: limits.max_weekly_cost,
            min_cover_pct: limits.min_cover_pct,
        },
        ..DesignChoice::default()
    });
    Some(out)
}

/// Checks every menu option once, on its own over the variant's changes, so a mistake in an
/// option is reported once, at the option.
fn menus(
    draft: &Draft,
    menus: &[RawMenu],
    at: &Origin,
    model_name: &str,
    problems: &mut Problems,
) -> Vec<Vec<MenuOption>> {
    let mut out = Vec::new();
    let mut seen: HashMap<&str, Origin> = HashMap::new();
    let mut posts: HashMap<&str, Origin> = HashMap::new();
    // Each partner of an option's post: the menu offering it, and where.
    let mut partnered: HashMap<&str, (&str, Origin)> = HashMap::new();
    for (i, menu) in menus.iter().enumerate() {
        let at = at.item(i);
        if let Some(first) = seen.get(menu.person.as_str()) {
            problems.error_hint(
                &at.field("person"),
                format!("`{}` has two menus", menu.person),
                format!("{} already lists their options; merge the two", first.path),
            );
            continue;
        }
        seen.insert(&menu.person, at.clone());
        let sets_contract = menu.options.iter().any(|o| o.contract.is_some());
        let touched = draft.touched.get(&(menu.person.clone(), "contract"));
        if let (true, Some(first)) = (sets_contract, touched) {
            problems.error_hint(
                &at.field("person"),
                format!("conflicting changes to `{}`", menu.person),
                format!(
                    "{} already sets this person's contract; leave it to the menu or drop the menu",
                    first.path
                ),
            );
            continue;
        }
        let mut options = Vec::new();
        for (j, option) in menu.options.iter().enumerate() {
            let at = at.field("options").item(j);
            let mut trial = draft.clone();
            let before = problems.len();
            if option.contract.is_none()
                && option.home_days_per_week.is_none()
                && option.requests.is_empty()
                && option.job_share.is_none()
            {
                problems.error_hint(
                    &at,
                    "the option changes nothing",
                    "give a `contract`, `home_days_per_week`, `requests` or `job_share`",
                );
                continue;
            }
            if let Some(post) = &option.job_share {
                let taken = draft
                    .merged
                    .job_shares
                    .items
                    .iter()
                    .any(|j| j.value.id == post.id);
                if let Some(first) = posts.get(post.id.as_str()).filter(|_| !taken) {
                    problems.error_hint(
                        &at.field("job_share").field("id"),
                        format!("post `{}` is made by two options", post.id),
                        format!(
                            "{} makes it too; give each option's post its own id",
                            first.path
                        ),
                    );
                    continue;
                }
                if taken {
                    problems.error_hint(
                        &at.field("job_share").field("id"),
                        format!("post `{}` is the variant's already", post.id),
                        "an option's job share is a new post: give it a new id",
                    );
                    continue;
                }
            }
            // A partner with a menu of their own would have a copy per option to hold
            // the post's place; their contract is theirs, so they have none. A partner in
            // two menus' posts would hold two posts in a design granting both.
            let partners = option.job_share.iter().flat_map(|j| &j.members);
            let mut clash = None;
            for (i, partner) in partners.enumerate().filter(|(_, m)| *m != &menu.person) {
                let members = at.field("job_share").field("members").item(i);
                if menus.iter().any(|o| &o.person == partner) {
                    clash = Some((
                        members,
                        format!("`{partner}` has a menu of their own"),
                        "a job-share partner keeps their contract: drop their menu, or give the post to one menu".to_string(),
                    ));
                    break;
                }
                match partnered.get(partner.as_str()) {
                    Some((other, first)) if *other != menu.person.as_str() => {
                        clash = Some((
                            members,
                            format!("`{partner}` is a partner in `{other}`'s options too"),
                            format!(
                                "{} offers them a post already; a person holds one post, so offer it in one menu",
                                first.path
                            ),
                        ));
                        break;
                    }
                    _ => {}
                }
            }
            if let Some((field, message, hint)) = clash {
                problems.error_hint(&field, message, hint);
                continue;
            }
            if let Some(post) = &option.job_share {
                posts.insert(&post.id, at.clone());
                for partner in post.members.iter().filter(|m| *m != &menu.person) {
                    partnered
                        .entry(partner.as_str())
                        .or_insert((menu.person.as_str(), at.clone()));
                }
            }
            if !grant(&mut trial.merged, &menu.person, option, &at, problems) {
                break;
            }
            let trial = trial.build(model_name, problems);
            let post = option.job_share.as_ref().and_then(|raw| {
                let built = trial.as_ref()?;
                built.job_shares.iter().find(|j| j.id == raw.id).cloned()
            });
            let built = trial.and_then(|m| m.people.into_iter().find(|p| p.id == menu.person));
            if let (true, Some(built)) = (problems.len() == before, built) {
                options.push(MenuOption {
                    built,
                    post,
                    person: menu.person.clone(),
                    option: option.clone(),
                    label: option.label.clone().unwrap_or_else(|| option.describe()),
                    at,
                });
            }
        }
        if menu.options.is_empty() {
            problems.error_hint(
                &at.field("options"),
                "no options",
                "list the contracts this person may be given, e.g. `- contract: eleven_to_seven`",
            );
        }
        out.push(options);
    }
    out
}

/// The raw person `person` of `merged`, or the problem that there is none (at the field
/// `person` of `at`).
fn person_mut<'a>(
    merged: &'a mut Merged,
    person: &str,
    at: &Origin,
    problems: &mut Problems,
) -> Option<&'a mut super::problems::Located<super::raw::RawPerson>> {
    let items = &mut merged.people.items;
    match items.iter().position(|p| p.value.id == person) {
        Some(i) => Some(&mut items[i]),
        None => {
            let known: Vec<&str> = items.iter().map(|p| p.value.id.as_str()).collect();
            problems.unknown(&at.field("person"), "person", person, &known);
            None
        }
    }
}

/// Gives `person` the contract `contract`. The person's origin moves to `at` (the change or
/// menu option), so problems with the new contract are reported there.
fn set_contract(
    merged: &mut Merged,
    person: &str,
    contract: &RawContractRef,
    at: &Origin,
    problems: &mut Problems,
) -> bool {
    let Some(item) = person_mut(merged, person, at, problems) else {
        return false;
    };
    item.value.contract = contract.clone();
    item.at = at.clone();
    true
}

/// Every design a variant leaves open (within `max_changes`), each built and validated.
fn choice(
    draft: &Draft,
    raw: &RawVariant,
    menus: &[Vec<MenuOption>],
    at: &Origin,
    model_name: &str,
    problems: &mut Problems,
) -> Option<Choice> {
    let goal = match raw.goal.as_deref() {
        None | Some("flexibility") => Goal::Flexibility,
        Some("objective") => Goal::Objective,
        Some(other) => {
            problems.push(
                &at.field("goal"),
                format!("unknown goal `{other}`"),
                Some(suggestion(other, &["flexibility", "objective"], "goal")),
            );
            return None;
        }
    };
    if let Some(pct) = raw.limits.and_then(|l| l.min_cover_pct) {
        if !(0.0..=100.0).contains(&pct) {
            problems.error_hint(
                &at.field("limits").field("min_cover_pct"),
                format!("min_cover_pct is {pct}; expected a percentage from 0 to 100"),
                "100 asks for every hour of demand covered",
            );
            return None;
        }
    }
    let limits = raw.limits.map_or_else(Limits::default, |l| Limits {
        max_changes: l.max_changes.map(|n| n as usize),
        max_weekly_cost: l.max_weekly_cost,
        min_cover_pct: l.min_cover_pct,
    });
    // Every combination: for each person, keep (None) or one option.
    let mut combos: Vec<Vec<Option<usize>>> = vec![Vec::new()];
    for menu in menus {
        let mut next = Vec::new();
        for combo in &combos {
            for pick in std::iter::once(None).chain((0..menu.len()).map(Some)) {
                let mut c = combo.clone();
                c.push(pick);
                let granted = c.iter().flatten().count();
                if limits.max_changes.is_none_or(|k| granted <= k) {
                    next.push(c);
                }
            }
        }
        combos = next;
        if combos.len() > MAX_DESIGNS {
            // Too many to solve one by one: the programme chooses alone.
            combos.clear();
            break;
        }
    }
    let mut designs = Vec::new();
    for combo in combos {
        let mut d = draft.clone();
        let mut picks = Vec::new();
        let mut scratch = Problems::default();
        for (menu, pick) in menus.iter().zip(&combo) {
            if let Some(o) = pick.map(|k| &menu[k]) {
                grant(&mut d.merged, &o.person, &o.option, &o.at, &mut scratch);
                picks.push(format!("{}: {}", o.person, o.label));
            }
        }
        let mut changes = d.summary.clone();
        changes.extend(picks.iter().cloned());
        let granted = picks.len();
        let label = match picks.is_empty() {
            true => "no change".to_string(),
            false => picks.join("; "),
        };
        match d.build(model_name, &mut scratch) {
            Some(mut model) if scratch.is_empty() => {
                // Each design's best rota among those keeping the limits, as the programme
                // asks of every design at once.
                model.choice = design_limits(&limits);
                designs.push(Design {
                    label,
                    changes,
                    granted,
                    model,
                })
            }
            _ => problems.error_hint(
                &at.field("choose"),
                format!("the design `{label}` is not a valid team"),
                "each option is valid on its own, but not together; split the menus into \
                 separate variants to see why",
            ),
        }
    }
    Some(Choice {
        goal,
        limits,
        designs,
        programme: None,
    })
}

/// The key of a one-key change mapping that is not a known kind.
fn unknown_kind(value: &Value) -> Option<String> {
    let map = value.as_object()?;
    let key = map.keys().next()?;
    (map.len() == 1 && !CHANGE_KINDS.contains(&key.as_str())).then(|| key.clone())
}

/// Applies one change to a variant's raw instance.
struct Edit<'a> {
    merged: &'a mut Merged,
    problems: &'a mut Problems,
    touched: &'a mut HashMap<(String, &'static str), Origin>,
    at: &'a Origin,
}

impl Edit<'_> {
    /// Applies `change` (or queues it for the model in `later`) and describes it; `None`
    /// when it was refused (the problem is recorded).
    fn apply(&mut self, change: RawChange, later: &mut Vec<ModelChange>) -> Option<String> {
        let at = self.at.clone();
        match change {
            RawChange::SetContract(c) => {
                let at = at.field("set_contract");
                self.person(&c.person, &at.field("person"), "contract")?;
                set_contract(self.merged, &c.person, &c.contract, &at, self.problems);
                Some(format!(
                    "{}: contract {}",
                    c.person,
                    describe_contract(&c.contract)
                ))
            }
            RawChange::Fte(c) => {
                let at = at.field("fte");
                self.person(&c.person, &at.field("person"), "fte")?;
                if !(c.fte > 0.0 && c.fte <= 1.5) {
                    self.problems.error_hint(
                        &at.field("fte"),
                        format!("fte {} is out of range", c.fte),
                        "a full-time equivalent is above 0 and at most 1.5 (1.0 is full time)",
                    );
                    return None;
                }
                let text = format!("{}: {} FTE", c.person, c.fte);
                later.push(ModelChange::Fte {
                    person: c.person,
                    fte: c.fte,
                });
                Some(text)
            }
            RawChange::AddPerson(p) => {
                let at = at.field("add_person");
                if self.position(&p.id).is_some() {
                    self.problems.error_hint(
                        &at.field("id"),
                        format!("person `{}` is already in the team", p.id),
                        "`add_person` adds a new person; change an existing one with \
                         `set_contract`, `fte` or `home_days`",
                    );
                    return None;
                }
                let text = format!("add {}{}", p.id, if p.agency { " (agency)" } else { "" });
                self.touch(&p.id, "person")?;
                self.merged.people.items.push(Located::new(at, *p));
                Some(text)
            }
            RawChange::RemovePerson(id) => {
                let at = at.field("remove_person");
                let i = self.person(&id, &at, "person")?;
                self.merged.people.items.remove(i);
                for line in &mut self.merged.office_days.items {
                    line.value.people.retain(|p| *p != id);
                }
                let mut dissolved = Vec::new();
                self.merged.job_shares.items.retain_mut(|share| {
                    share.value.members.retain(|m| *m != id);
                    let keep = share.value.members.len() >= 2;
                    if !keep {
                        dissolved.push(share.value.id.clone());
                    }
                    keep
                });
                let mut text = format!("remove {id}");
                for share in dissolved {
                    text.push_str(&format!(" (job share {share} dissolved)"));
                }
                Some(text)
            }
            RawChange::JobShare(share) => {
                let at = at.field("job_share");
                let text = format!("job share {}: {}", share.id, share.members.join(" + "));
                upsert(&mut self.merged.job_shares, Located::new(at, share));
                Some(text)
            }
            RawChange::HomeDays(h) => {
                let at = at.field("home_days");
                let people = self.people(&h.people, &at.field("people"), "home_days")?;
                for &i in &people {
                    self.merged.people.items[i].value.home_days_per_week =
                        Some(h.home_days_per_week);
                }
                Some(format!(
                    "home working {} day(s) a week for {}",
                    h.home_days_per_week,
                    describe_people(&h.people)
                ))
            }
            RawChange::Rules(rules) => {
                let at = at.field("rules");
                let text = describe_rules(&rules);
                self.merged.rules.overlay(Located::new(at, rules));
                Some(text)
            }
            RawChange::ScaleDemand(s) => {
                let at = at.field("scale_demand");
                let range = (0.0, super::values::SCALE_MAX);
                if !super::values::in_range(
                    s.factor,
                    range,
                    "factor",
                    &at.field("factor"),
                    self.problems,
                ) {
                    return None;
                }
                self.scale_demand(&s, &at)
            }
            RawChange::AddDemand(d) => {
                let at = at.field("add_demand");
                let what = d.activity.clone().or(d.shift.clone()).unwrap_or_default();
                self.merged.demand.items.push(Located::new(at, d));
                Some(format!("more demand: {what}"))
            }
            RawChange::Shift(s) => {
                let at = at.field("shift");
                let text = format!("shift template {}", s.id);
                upsert(&mut self.merged.shifts, Located::new(at, s));
                Some(text)
            }
            RawChange::ContractType(c) => {
                let at = at.field("contract_type");
                let id = c.id.clone().unwrap_or_default();
                upsert(&mut self.merged.contracts, Located::new(at, c));
                Some(format!("contract type {id}"))
            }
            RawChange::OncallRota(r) => {
                let at = at.field("oncall_rota");
                self.known("shift", &r.shift, self.shift_ids(), &at.field("shift"))?;
                let people = RawPeople::List(r.people.clone());
                self.people(&people, &at.field("people"), "oncall_rota")?;
                let text = format!(
                    "{} rota of {}: {}",
                    r.shift,
                    r.people.len(),
                    r.people.join(", ")
                );
                later.push(ModelChange::OncallRota {
                    shift: r.shift,
                    people: r.people,
                });
                Some(text)
            }
            RawChange::LockedDown(l) => {
                let at = at.field("locked_down");
                let people = RawPeople::List(l.people.clone());
                // In the office: no home days (community is not a base, so every working
                // day is based at the office).
                for i in self.people(&people, &at.field("people"), "home_days")? {
                    self.merged.people.items[i].value.home_days_per_week = Some(0);
                }
                let text = format!("locked-down catch-up week: {}", l.people.join(", "));
                later.push(ModelChange::LockedDown { people: l.people });
                Some(text)
            }
        }
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.merged
            .people
            .items
            .iter()
            .position(|p| p.value.id == id)
    }

    /// The index of person `id`, reporting an unknown one; marks `aspect` of the person as
    /// changed, refusing a second change of the same aspect.
    fn person(&mut self, id: &str, at: &Origin, aspect: &'static str) -> Option<usize> {
        let Some(i) = self.position(id) else {
            let known: Vec<&str> = self
                .merged
                .people
                .items
                .iter()
                .map(|p| p.value.id.as_str())
                .collect();
            self.problems.unknown(at, "person", id, &known);
            return None;
        };
        self.touch(id, aspect)?;
        Some(i)
    }

    /// Records that this change alters `aspect` of `id`; two changes of one aspect of one
    /// person in one variant conflict (and removing a person conflicts with any other).
    fn touch(&mut self, id: &str, aspect: &'static str) -> Option<()> {
        let key = (id.to_string(), aspect);
        let removal = (id.to_string(), "person");
        let earlier = self
            .touched
            .get(&key)
            .or_else(|| self.touched.get(&removal))
            .cloned();
        if let Some(first) = earlier {
            self.problems.error_hint(
                self.at,
                format!("conflicting changes to `{id}`"),
                format!(
                    "{} already changes this person's {aspect}; keep one of the two",
                    first.path
                ),
            );
            return None;
        }
        if aspect == "person" {
            // Removing or adding a person conflicts with every other change of them.
            let others: Vec<Origin> = self
                .touched
                .iter()
                .filter(|((p, _), _)| p == id)
                .map(|(_, at)| at.clone())
                .collect();
            if let Some(first) = others.first() {
                self.problems.error_hint(
                    self.at,
                    format!("conflicting changes to `{id}`"),
                    format!("{} already changes this person", first.path),
                );
                return None;
            }
        }
        self.touched.insert(key, self.at.clone());
        Some(())
    }

    /// Resolves `all` or a list of person ids, reporting unknown ones.
    fn people(
        &mut self,
        people: &RawPeople,
        at: &Origin,
        aspect: &'static str,
    ) -> Option<Vec<usize>> {
        match people {
            RawPeople::Word(w) if w == "all" => Some((0..self.merged.people.items.len()).collect()),
            RawPeople::Word(w) => {
                self.problems.error_hint(
                    at,
                    format!("expected `all` or a list of person ids, found `{w}`"),
                    format!("a single person is written as a list: [{w}]"),
                );
                None
            }
            RawPeople::List(ids) => {
                let mut out = Vec::new();
                let mut ok = true;
                for (k, id) in ids.iter().enumerate() {
                    match self.person(id, &at.item(k), aspect) {
                        Some(i) => out.push(i),
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            }
        }
    }

    /// Whether `id` is one of `ids`, reporting an unknown `kind` at `at` if not.
    fn known(&mut self, kind: &str, id: &str, ids: Vec<String>, at: &Origin) -> Option<()> {
        if ids.iter().any(|x| x == id) {
            return Some(());
        }
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        self.problems.unknown(at, kind, id, &ids);
        None
    }

    fn shift_ids(&self) -> Vec<String> {
        let items = &self.merged.shifts.items;
        items.iter().map(|s| s.value.id.clone()).collect()
    }

    fn activity_ids(&self) -> Vec<String> {
        let items = &self.merged.activities.items;
        items.iter().map(|s| s.value.id.clone()).collect()
    }

    /// Multiplies the matching demand lines' requirements by the factor (rounding to whole
    /// people and minutes).
    fn scale_demand(&mut self, s: &ScaleDemand, at: &Origin) -> Option<String> {
        if s.activity.is_some() && s.shift.is_some() {
            self.problems.error_hint(
                at,
                "both `activity` and `shift` given",
                "scale one activity, one shift's cover, or (with neither) all demand",
            );
            return None;
        }
        if let Some(a) = &s.activity {
            self.known("activity", a, self.activity_ids(), &at.field("activity"))?;
        }
        if let Some(t) = &s.shift {
            self.known("shift", t, self.shift_ids(), &at.field("shift"))?;
        }
        let scale = |n: &mut Option<u32>| {
            if let Some(n) = n {
                *n = (f64::from(*n) * s.factor).round() as u32;
            }
        };
        for line in &mut self.merged.demand.items {
            let d = &mut line.value;
            let hit = match (&s.activity, &s.shift) {
                (Some(a), _) => d.activity.as_deref() == Some(a),
                (_, Some(t)) => d.shift.as_deref() == Some(t),
                _ => true,
            };
            if hit {
                scale(&mut d.required);
                scale(&mut d.headcount);
                scale(&mut d.person_minutes);
            }
        }
        let what = s
            .activity
            .clone()
            .or_else(|| s.shift.clone().map(|t| format!("{t} cover")))
            .unwrap_or_else(|| "all demand".into());
        Some(format!("{what} x{}", s.factor))
    }
}

fn describe_contract(c: &RawContractRef) -> String {
    match c {
        RawContractRef::Type(id) => id.clone(),
        RawContractRef::Inline(c) => {
            let mut parts = vec![c.type_id.clone().unwrap_or_else(|| "custom".into())];
            if let Some(fte) = c.fte {
                parts.push(format!("{fte} FTE"));
            }
            if let Some(m) = c.minutes_per_week {
                parts.push(format!("{m} min/wk"));
            }
            if let Some(s) = &c.shifts {
                parts.push(format!("shifts {}", s.join("/")));
            }
            if let Some(w) = &c.weekdays {
                parts.push(format!("days {}", w.join("/")));
            }
            if let Some(n) = c.max_days_per_week {
                parts.push(format!("max {n} days/wk"));
            }
            parts.join(", ")
        }
    }
}

fn describe_people(p: &RawPeople) -> String {
    match p {
        RawPeople::Word(w) => format!("{w} people"),
        RawPeople::List(ids) => ids.join(", "),
    }
}

fn describe_rules(r: &RawRules) -> String {
    let mut parts = r.describe_parameters();
    for (k, v) in r.settings.iter().flatten() {
        let v = match v {
            super::raw::RawSetting::Word(w) => w.clone(),
            super::raw::RawSetting::Weight(w) => format!("soft, weight {w}"),
        };
        parts.push(format!("{k}: {v}"));
    }
    format!("rules: {}", parts.join(", "))
}

/// Applies a change that is relative to the built model.
fn apply_to_model(model: &mut Model, change: ModelChange) {
    let index = |model: &Model, id: &str| model.people.iter().position(|p| p.id == id);
    match change {
        ModelChange::Fte { person, fte } => {
            let Some(p) = index(model, &person) else {
                return;
            };
            let c = &mut model.people[p].contract;
            let ratio = fte / c.fte.max(1e-9);
            let scale = |m: i64| (m as f64 * ratio).round() as i64;
            c.target_minutes = scale(c.target_minutes);
            c.min_minutes = scale(c.min_minutes);
            c.max_minutes = scale(c.max_minutes);
            for week in &mut c.weekly {
                week.target = scale(week.target);
                week.min = scale(week.min);
                week.max = scale(week.max);
            }
            c.fte = fte;
        }
        ModelChange::OncallRota { shift, people } => {
            let Some(t) = model.shifts.iter().position(|s| s.id == shift) else {
                return;
            };
            for person in &mut model.people {
                if !people.contains(&person.id) {
                    person.contract.allowed_shifts.retain(|&s| s != t);
                }
            }
        }
        ModelChange::LockedDown { people } => {
            let unsocial: Vec<usize> = (0..model.shifts.len())
                .filter(|&t| model.shifts[t].unsocial || model.shifts[t].kind == ShiftKind::OnCall)
                .collect();
            let other: Vec<usize> = (0..model.activities.len())
                .filter(|&a| !model.activities[a].catch_up())
                .collect();
            for person in &mut model.people {
                if !people.contains(&person.id) {
                    continue;
                }
                person
                    .contract
                    .allowed_shifts
                    .retain(|s| !unsocial.contains(s));
                person
                    .activity_caps
                    .retain(|c| !other.contains(&c.activity));
                person
                    .activity_caps
                    .extend(other.iter().map(|&activity| ActivityCap {
                        activity,
                        max_minutes_per_week: 0,
                    }));
            }
        }
    }
}
