//! The native benchmark (script/bench): filled in by issue 7.
fn main() {}
