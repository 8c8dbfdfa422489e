//! Runs every shared vector in `tests/vectors/*.json` against the core crate, except the
//! hostile inputs, which `hostile.rs` runs with panic checks and timing.

mod common;

#[test]
fn shared_vectors_pass() {
    let vectors = common::load_vectors(|file_name| file_name != common::HOSTILE_FILE);
    assert!(
        !vectors.is_empty(),
        "no vectors found in {}",
        common::vectors_dir().display()
    );
    let failures: Vec<String> = vectors
        .iter()
        .filter_map(|(file, vector)| common::check(file, vector).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
    println!("{} vectors passed", vectors.len());
}
