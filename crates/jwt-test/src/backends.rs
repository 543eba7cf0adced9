//! The backends under test: the facade's registry, every compiled-in backend.

pub use jwt_strict::{BACKENDS, BackendEntry};
