//! Every shipped instance and scenario file (and so every catalogue they include) loads
//! without a problem.

use std::path::Path;

use flexrota::parse::{load_model, load_scenarios};

#[test]
fn shipped_instances_load() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances");
    let (mut instances, mut scenarios) = (0, 0);
    for entry in std::fs::read_dir(&dir).expect("instances/ exists") {
        let path = entry.unwrap().path();
        let name = path.to_string_lossy().into_owned();
        if name.ends_with(".scenarios.yaml") {
            match load_scenarios(&path) {
                Ok(set) => assert!(set.variants.len() > 1, "{name}"),
                Err(e) => panic!("{name} does not load:\n{e}"),
            }
            scenarios += 1;
        } else if name.ends_with(".yaml") {
            match load_model(&path) {
                Ok(model) => assert!(!model.people.is_empty(), "{name}"),
                Err(e) => panic!("{name} does not load:\n{e}"),
            }
            instances += 1;
        }
    }
    assert!(instances >= 3, "instances in {}", dir.display());
    assert!(scenarios >= 1, "scenario files in {}", dir.display());
}
