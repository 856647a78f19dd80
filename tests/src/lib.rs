//! Shared harness of the workspace integration tests.
