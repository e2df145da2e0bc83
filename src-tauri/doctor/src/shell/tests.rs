//! Tests of the static evaluator.
