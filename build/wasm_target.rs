//! The decisions build.rs makes about the wasm32-unknown-unknown target, as plain functions: is it
//! installed for the compiler in use, and if not, add it with rustup or stop with the command
//! that fixes it. Shared with the tests (tests/build_script.rs includes this file), so the logic
//! is tested without removing a target from anyone's toolchain.

use std::path::Path;

pub const TARGET: &str = "wasm32-unknown-unknown";

/// Whether the toolchain whose `rustc --print sysroot` is `sysroot` has the target's standard
/// library. rustup installs it as `lib/rustlib/<target>/lib`.
pub fn target_installed(sysroot: &Path) -> bool {
    sysroot.join("lib/rustlib").join(TARGET).join("lib").is_dir()
}

/// The rustup toolchain cargo runs under: `RUSTUP_TOOLCHAIN` (rustup's proxies set it for cargo
/// and all it starts), else the first word of `rustup show active-toolchain`, which prints e.g.
/// `1.95.0-x86_64-unknown-linux-gnu (overridden by '.../rust-toolchain.toml')`.
pub fn active_toolchain(rustup_toolchain: Option<&str>, rustup_show: Option<&str>) -> Option<String> {
    let from_env = rustup_toolchain.map(str::trim).filter(|t| !t.is_empty());
    let from_show = || rustup_show.and_then(|out| out.split_whitespace().next());
    from_env.or_else(from_show).map(str::to_string)
}

/// What build.rs does before compiling the calculator for the browser.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    /// The target is there.
    Build,
    /// Run `rustup` with these arguments, then build.
    Add { toolchain: String, args: Vec<String> },
    /// Stop the build with this message.
    Stop(String),
}

/// The plan, from whether the target is installed and which rustup toolchain is active (`None`:
/// no rustup).
pub fn plan(installed: bool, toolchain: Option<String>, sysroot: &Path) -> Plan {
    match (installed, toolchain) {
        (true, _) => Plan::Build,
        (false, Some(toolchain)) => Plan::Add { args: rustup_args(&toolchain), toolchain },
        (false, None) => Plan::Stop(no_rustup(sysroot)),
    }
}

pub fn rustup_args(toolchain: &str) -> Vec<String> {
    ["target", "add", TARGET, "--toolchain", toolchain].map(String::from).to_vec()
}

/// The one warning build.rs gives when it adds the target.
pub fn adding_warning(toolchain: &str) -> String {
    format!(
        "the {TARGET} target (for the calculator's WebAssembly) is missing from toolchain {toolchain}; \
         adding it: rustup {}",
        rustup_args(toolchain).join(" ")
    )
}

pub fn no_rustup(sysroot: &Path) -> String {
    format!(
        "the Rust toolchain at {} has no {TARGET} target, which tierbook needs to compile its calculator \
         to WebAssembly, and rustup, which would add it, was not found.\n\
         Fix: install Rust with rustup, which reads rust-toolchain.toml and installs the pinned toolchain \
         with that target: curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh",
        sysroot.display()
    )
}

/// When `rustup target add` ran but did not succeed (offline, or a toolchain rustup does not
/// manage).
pub fn rustup_failed(toolchain: &str, why: &str) -> String {
    format!(
        "the {TARGET} target is missing from toolchain {toolchain}, and adding it failed ({why}).\n\
         Fix: rustup {}",
        rustup_args(toolchain).join(" ")
    )
}

/// When rustup says it added the target but the compiler in use still lacks it: cargo runs a
/// compiler rustup does not manage (RUSTC set, or a distribution's rustc first on PATH).
pub fn still_missing(toolchain: &str, sysroot: &Path) -> String {
    format!(
        "rustup added {TARGET} to toolchain {toolchain}, but the compiler in use (sysroot {}) still has no \
         {TARGET} target.\nFix: build with rustup's toolchain (unset RUSTC, put ~/.cargo/bin first on PATH), \
         or install the target for this compiler",
        sysroot.display()
    )
}
