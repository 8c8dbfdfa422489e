//! Runs the hostile inputs of `tests/vectors/hostile.json` against the core crate.
//!
//! Each input must give its expected outcome without a panic, and an error message short
//! enough for one log line. The test prints the total time and the slowest inputs with their
//! time and peak heap use (run it with `--nocapture` to see them). It never asserts on time,
//! because test machines are shared and noisy.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use onlyoffice_jwt::json::{Object, Value};

/// Maximum length of an error message in bytes. Messages quote hostile values shortened to
/// 160 characters, so a message that reaches this length repeats or copies its input.
const MAX_MESSAGE_BYTES: usize = 4096;

/// Number of inputs listed in the timing report.
const SLOWEST_SHOWN: usize = 10;

/// Counts the bytes allocated on the heap, so that each input's peak use can be reported.
struct CountingAllocator;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn record_allocation(size: usize) {
    let now = ALLOCATED.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every method forwards to the system allocator unchanged and only updates counters.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = System.alloc(layout);
        if !pointer.is_null() {
            record_allocation(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let pointer = System.alloc_zeroed(layout);
        if !pointer.is_null() {
            record_allocation(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        System.dealloc(pointer, layout);
        ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = System.realloc(pointer, layout, new_size);
        if !moved.is_null() {
            ALLOCATED.fetch_sub(layout.size(), Ordering::Relaxed);
            record_allocation(new_size);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// What one input cost: its name, its size in bytes, and the time and peak heap use of its
/// run. A run is the library call plus the runner's setup, which copies the input once.
struct Cost {
    name: String,
    input_bytes: usize,
    elapsed: Duration,
    peak_bytes: usize,
}

/// Returns the bytes of a vector's hostile input: its token, raw body and header values.
fn input_bytes(vector: &Object) -> usize {
    let text_len = |name: &str| vector.get(name).and_then(Value::as_str).map_or(0, str::len);
    let header_len = match vector.get("headers") {
        Some(Value::Array(pairs)) => pairs
            .iter()
            .filter_map(|pair| match pair {
                Value::Array(items) => items.get(1).and_then(Value::as_str).map(str::len),
                _ => None,
            })
            .sum(),
        _ => 0,
    };
    text_len("token") + text_len("body_raw") + header_len
}

/// Returns `true` when every integer in `expected` appears with the same digits in `actual`.
///
/// `common::same` compares numbers by value as `f64`, which cannot tell 2^53 + 1 from 2^53.
/// The core keeps the text of every number, so its integers must match digit for digit.
fn integers_exact(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) if a.is_integer() => a.as_str() == b.as_str(),
        (Value::Array(a), Value::Array(b)) => a.iter().zip(b).all(|(x, y)| integers_exact(x, y)),
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .all(|(name, x)| b.get(name).is_none_or(|y| integers_exact(x, y))),
        _ => true,
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// Runs one vector, returning its cost, or a failure message when it panics, gives another
/// outcome than expected, or reports an error message that is too long.
fn run_hostile(file: &str, vector: &Object) -> (Cost, Result<(), String>) {
    let name = vector.get("name").and_then(Value::as_str).unwrap_or("?");
    let before = ALLOCATED.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let result = panic::catch_unwind(AssertUnwindSafe(|| common::run(vector)));
    let elapsed = started.elapsed();
    let cost = Cost {
        name: name.to_owned(),
        input_bytes: input_bytes(vector),
        elapsed,
        peak_bytes: PEAK.load(Ordering::Relaxed).saturating_sub(before),
    };

    let outcome = match result {
        Err(payload) => {
            let message = panic_message(payload.as_ref());
            return (cost, Err(format!("{file}/{name}: panicked: {message}")));
        }
        Ok(None) => return (cost, Err(format!("{file}/{name}: unknown kind"))),
        Ok(Some(outcome)) => outcome,
    };
    if let Err(err) = &outcome {
        let message = err.to_string();
        if message.len() > MAX_MESSAGE_BYTES {
            return (
                cost,
                Err(format!(
                    "{file}/{name}: {} message is {} bytes, more than {MAX_MESSAGE_BYTES}: {}...",
                    err.code(),
                    message.len(),
                    message.chars().take(200).collect::<String>()
                )),
            );
        }
    }
    if let (Ok(actual), Some(expected)) = (&outcome, vector.get("expect")) {
        if !integers_exact(expected, actual) {
            return (
                cost,
                Err(format!(
                    "{file}/{name}: an integer lost digits\n  expected {}\n  got      {}",
                    expected.to_json(),
                    actual.to_json()
                )),
            );
        }
    }
    (cost, common::compare(file, vector, outcome))
}

fn mebibytes(bytes: usize) -> f64 {
    bytes as f64 / f64::from(1u32 << 20)
}

fn print_report(costs: &mut [Cost], total: Duration) {
    costs.sort_by_key(|cost| std::cmp::Reverse(cost.elapsed));
    println!(
        "{} hostile inputs in {:.1} ms; the {SLOWEST_SHOWN} slowest:",
        costs.len(),
        total.as_secs_f64() * 1e3
    );
    println!(
        "  {:>10}  {:>10}  {:>10}  name",
        "time ms", "input MiB", "peak MiB"
    );
    for cost in costs.iter().take(SLOWEST_SHOWN) {
        println!(
            "  {:>10.2}  {:>10.2}  {:>10.2}  {}",
            cost.elapsed.as_secs_f64() * 1e3,
            mebibytes(cost.input_bytes),
            mebibytes(cost.peak_bytes),
            cost.name
        );
    }
    if let Some(largest) = costs.iter().max_by_key(|cost| cost.peak_bytes) {
        println!(
            "largest peak heap use: {:.2} MiB for {} ({:.2} MiB of input)",
            mebibytes(largest.peak_bytes),
            largest.name,
            mebibytes(largest.input_bytes)
        );
    }
}

#[test]
fn hostile_inputs_rejected() {
    let vectors = common::load_vectors(|file_name| file_name == common::HOSTILE_FILE);
    assert!(
        !vectors.is_empty(),
        "no vectors found in {}/{}",
        common::vectors_dir().display(),
        common::HOSTILE_FILE
    );

    let mut costs = Vec::with_capacity(vectors.len());
    let mut failures = Vec::new();
    let mut total = Duration::ZERO;
    for (file, vector) in &vectors {
        let (cost, result) = run_hostile(file, vector);
        total += cost.elapsed;
        costs.push(cost);
        if let Err(failure) = result {
            failures.push(failure);
        }
    }
    print_report(&mut costs, total);

    assert!(
        failures.is_empty(),
        "{} of {} hostile inputs failed:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}
