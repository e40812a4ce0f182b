//! Merging an instance with the catalogues it includes.
//!
//! Files are merged in load order (included files first, the root last). In every list with
//! ids, an item replaces the earlier item with the same id whole, in place; within one file
//! an id may appear once. Lists without ids (`demand`, `office_days`) are concatenated.
//! `name`, `horizon` and `slot_minutes` are taken from the last file that sets them; `rules`
//! fields override field by field, and `rules.settings` key by key.

use std::collections::{HashMap, HashSet};

use super::decode::{RawFile, Section};
use super::load::SourceFile;
use super::problems::{Located, Origin, Problems};
pub use super::raw::MergedRules;
use super::raw::{
    RawActivity, RawContract, RawDemand, RawHistory, RawHorizon, RawJobShare, RawLocation,
    RawOfficeDay, RawPerson, RawPin, RawRules, RawShift,
};

/// The whole instance, merged over its files.
#[derive(Debug, Default, Clone)]
pub struct Merged {
    pub name: Option<Located<String>>,
    pub horizon: Option<Located<RawHorizon>>,
    pub slot_minutes: Option<Located<i64>>,
    pub locations: Section<RawLocation>,
    pub shifts: Section<RawShift>,
    pub activities: Section<RawActivity>,
    pub contracts: Section<RawContract>,
    pub people: Section<RawPerson>,
    pub job_shares: Section<RawJobShare>,
    pub demand: Section<RawDemand>,
    pub office_days: Section<RawOfficeDay>,
    pub pins: Section<RawPin>,
    pub history: Option<Located<RawHistory>>,
    pub rules: MergedRules,
    /// Top-level fields that some file has but that could not be read.
    pub unreadable: HashSet<String>,
}

/// Items merged by id.
pub trait Keyed {
    fn key(&self) -> Option<&str>;
}

macro_rules! keyed {
    ($($ty:ty => |$x:ident| $key:expr),* $(,)?) => {
        $(impl Keyed for $ty {
            fn key(&self) -> Option<&str> {
                let $x = self;
                $key
            }
        })*
    };
}

keyed! {
    RawLocation => |x| Some(&x.id),
    RawShift => |x| Some(&x.id),
    RawActivity => |x| Some(&x.id),
    RawContract => |x| x.id.as_deref(),
    RawPerson => |x| Some(&x.id),
    RawJobShare => |x| Some(&x.id),
}

/// Merges the files in order; the last one wins.
pub fn merge(raws: Vec<RawFile>, files: &[SourceFile], problems: &mut Problems) -> Merged {
    let mut merged = Merged::default();
    for raw in raws {
        let mut by_id = Merger { files, problems };
        by_id.merge(&mut merged.locations, raw.locations);
        by_id.merge(&mut merged.shifts, raw.shifts);
        by_id.merge(&mut merged.activities, raw.activities);
        by_id.merge(&mut merged.contracts, raw.contracts);
        by_id.merge(&mut merged.people, raw.people);
        by_id.merge(&mut merged.job_shares, raw.job_shares);
        append(&mut merged.demand, raw.demand);
        append(&mut merged.office_days, raw.office_days);
        append(&mut merged.pins, raw.pins);
        merged.name = raw.name.or(merged.name.take());
        merged.horizon = raw.horizon.or(merged.horizon.take());
        merged.history = raw.history.or(merged.history.take());
        merged.slot_minutes = raw.slot_minutes.or(merged.slot_minutes.take());
        if let Some(rules) = raw.rules {
            merged.rules.overlay(rules);
        }
        merged.unreadable.extend(raw.unreadable);
    }
    merged
}

/// Puts `item` in place of the item with the same id, or at the end.
pub fn upsert<T: Keyed>(into: &mut Section<T>, item: Located<T>) {
    match into
        .items
        .iter()
        .position(|x| x.value.key().is_some() && x.value.key() == item.value.key())
    {
        Some(i) => into.items[i] = item,
        None => into.items.push(item),
    }
}

fn append<T>(into: &mut Section<T>, from: Section<T>) {
    into.items.extend(from.items);
    into.broken_ids.extend(from.broken_ids);
}

struct Merger<'a> {
    files: &'a [SourceFile],
    problems: &'a mut Problems,
}

impl Merger<'_> {
    /// Adds one file's items: duplicates within the file are errors; an id defined by an
    /// earlier file is replaced in place.
    fn merge<T: Keyed>(&mut self, into: &mut Section<T>, from: Section<T>) {
        let mut seen: HashMap<String, Origin> = HashMap::new();
        for item in from.items {
            let Some(id) = item.value.key().map(str::to_string) else {
                into.items.push(item);
                continue;
            };
            if let Some(first) = seen.get(&id) {
                self.duplicate(&id, &item.at, first);
                continue;
            }
            seen.insert(id.clone(), item.at.clone());
            match into.items.iter().position(|x| x.value.key() == Some(&id)) {
                Some(i) => into.items[i] = item,
                None => into.items.push(item),
            }
        }
        into.broken_ids.extend(from.broken_ids);
    }

    fn duplicate(&mut self, id: &str, at: &Origin, first: &Origin) {
        let line = self.files[first.file].locations.find(&first.path);
        let place = match line {
            Some((line, _)) => format!("{} (line {line})", first.path),
            None => first.path.clone(),
        };
        self.problems.error_hint(
            &at.field("id"),
            format!("duplicate id `{id}`"),
            format!("`{id}` is already defined at {place}; ids must be unique in a list"),
        );
    }
}

impl MergedRules {
    /// Lays one file's `rules` over the fields merged so far.
    pub fn overlay(&mut self, rules: Located<RawRules>) {
        let at = rules.at;
        self.overlay_parameters(&rules.value, &at);
        let settings = at.field("settings");
        for (key, value) in rules.value.settings.unwrap_or_default() {
            let origin = settings.field(&key);
            self.settings.insert(key, Located::new(origin, value));
        }
    }
}
