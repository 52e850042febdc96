//! Composite-indicator scoring: normalise, weight, aggregate, rank, explain.
