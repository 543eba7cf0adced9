//! The `jwt` command: make (`encode`), inspect (`decode`) and check (`verify`) JSON Web
//! Tokens, and make a signing key with its certificate (`gen-cert`).
//!
//! The interface is a contract (DESIGN.md, "`jwt` command"): on failure the first line
//! on stderr is `error: <kind>: <message>` with one of the library's stable error kinds,
//! and the exit code is 1 for a rejected token, 2 for anything else (files, keys,
//! usage). The library half of this crate is what `cargo xtask` reuses.

#![warn(missing_docs)]

pub mod cli;
mod decode;
mod encode;
mod failure;
pub mod gen_cert;
mod input;
mod jwk;
mod keys;
mod time;
mod verify;

pub use failure::Failure;
