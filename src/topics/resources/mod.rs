//! Lesson 10, resource monitoring: its widget.

pub mod resource_monitor;
