//! Every shipped instance (and so every catalogue it includes) loads without a problem.

use std::path::Path;

use flexrota::parse::load_model;

#[test]
fn shipped_instances_load() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances");
    let mut loaded = 0;
    for entry in std::fs::read_dir(&dir).expect("instances/ exists") {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            match load_model(&path) {
                Ok(model) => assert!(!model.people.is_empty(), "{}", path.display()),
                Err(e) => panic!("{} does not load:\n{e}", path.display()),
            }
            loaded += 1;
        }
    }
    assert!(loaded >= 1, "no instance in {}", dir.display());
}
