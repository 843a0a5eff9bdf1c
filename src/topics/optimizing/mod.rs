//! Lesson 9, "Profiling-driven optimization": its widget.

pub mod compare_implementations;
