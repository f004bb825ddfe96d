//! The `crm` binary; everything happens in `crm::cli`.

fn main() -> std::process::ExitCode {
    crm::cli::main()
}
