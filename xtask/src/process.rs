//! Running external commands with errors that name them.
//!
//! Every step of the build is another program (cargo, rustup, wasm-bindgen, wasm-opt); when one
//! fails, the message must say which command it was, so the user can run it by hand.

use std::ffi::OsStr;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

/// A `cargo` command: the one that runs this xtask (`$CARGO`), so toolchain overrides carry over.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The command line as a user would type it, for messages.
pub fn render(command: &Command) -> String {
    let program = command.get_program().to_string_lossy().into_owned();
    let args = command.get_args().map(OsStr::to_string_lossy);
    std::iter::once(program.into()).chain(args).collect::<Vec<_>>().join(" ")
}

/// Runs a command with inherited stdio and fails unless it exits successfully.
pub fn run(command: &mut Command) -> Result<()> {
    let line = render(command);
    eprintln!("$ {line}");
    let status = command.status().with_context(|| format!("could not start `{line}`"))?;
    if !status.success() {
        bail!("`{line}` failed ({status})");
    }
    Ok(())
}

/// Runs a command and returns its stdout; `None` when the program is not installed.
///
/// A missing tool is an expected answer here (we install it), any other failure is an error.
pub fn stdout_if_installed(command: &mut Command) -> Result<Option<String>> {
    let line = render(command);
    let output = match command.stderr(Stdio::null()).output() {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error).with_context(|| format!("could not start `{line}`")),
    };
    if !output.status.success() {
        bail!("`{line}` failed ({})", output.status);
    }
    let text = String::from_utf8(output.stdout).with_context(|| format!("`{line}` printed non-UTF-8 output"))?;
    Ok(Some(text))
}

/// Runs a command and returns its stdout; the program must be installed.
pub fn stdout(command: &mut Command) -> Result<String> {
    let line = render(command);
    stdout_if_installed(command)?.with_context(|| format!("`{line}`: program not found on PATH"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_command_line() {
        let mut command = Command::new("wasm-bindgen");
        command.args(["--target", "web", "app.wasm"]);
        assert_eq!(render(&command), "wasm-bindgen --target web app.wasm");
    }
}
