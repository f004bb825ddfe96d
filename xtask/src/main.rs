//! The workspace's build chores, run as `cargo xtask <command>` (an alias in `.cargo/config.toml`).
//!
//! - `app [--dev]` builds the browser app (`frontend/`, package `crm-app`) into `frontend/dist/`,
//!   the folder the backend embeds and serves: wasm-bindgen glue, optimised wasm, content-hashed
//!   names, the rendered `index.html`, the GraphQL explorer (GraphiQL from npm, `explorer/`),
//!   and brotli/gzip copies of every file.
//! - `demo [args…]` builds the app and runs `crm demo`: the one command of the README.
//! - `ci-tools` installs what `app` needs (the wasm32 target).
//!
//! Plain Rust rather than shell scripts or trunk, so the steps run the same on every machine
//! that has cargo, and the bundle's layout (names, placeholders, sizes) is ours to test.

// A build tool talks to its user on stdout: the size table is its result.
#![allow(clippy::print_stdout)]

mod app;
mod bundle;
mod compress;
mod explorer;
mod lockfile;
mod npm;
mod process;
mod sizes;
mod split;
mod stamp;
mod tools;
mod workspace;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::app::Profile;
use crate::workspace::Workspace;

/// Build chores of the CRM workspace.
#[derive(Parser)]
#[command(name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the browser app into frontend/dist/ (served by the backend).
    App {
        /// Unoptimised dev build: no wasm-opt, no precompression (fast iteration).
        #[arg(long)]
        dev: bool,
    },
    /// Build the app (release), then run `crm demo` with the given arguments.
    Demo {
        /// Arguments passed on to `crm demo` (e.g. `--customers 10000`).
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Install what `app` needs beyond this tool: the wasm32 target.
    CiTools,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let workspace = Workspace::locate()?;
    match cli.command {
        Command::App { dev } => {
            let profile = if dev { Profile::Dev } else { Profile::Release };
            app::build(&workspace, profile)?;
            Ok(())
        }
        Command::Demo { args } => {
            app::build(&workspace, Profile::Release)?;
            app::run_demo(&workspace, &args)
        }
        Command::CiTools => tools::ensure_wasm_target(),
    }
}
