//! Loads, checks and runs text codec plugins.
