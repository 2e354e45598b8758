//! Builds the calculator crate for wasm32 and generates its JavaScript glue, so that plain `cargo
//! build` / `cargo test` embed a working browser calculator with nothing but the pinned toolchain
//! (no wasm-pack, no wasm-bindgen CLI). See notes/wasm-and-browser.md for why this shape.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "build/wasm_target.rs"]
mod wasm_target;

use wasm_target::{Plan, TARGET};

fn main() {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for path in ["calculator/src", "calculator/Cargo.toml", "Cargo.lock", "build.rs", "build/wasm_target.rs"] {
        println!("cargo:rerun-if-changed={path}");
    }
    println!("cargo:rustc-env=TIERBOOK_COMMIT={}", build_commit(&root));
    let built = ensure_wasm_target().and_then(|()| build_wasm(&root, &wasm_target_dir(&out))).and_then(|wasm| {
        wasm_bindgen_cli_support::Bindgen::new()
            .input_path(&wasm)
            .web(true)
            .map_err(|err| Stop::plain(format!("wasm-bindgen: {err:#}")))?
            .typescript(false)
            .remove_name_section(true)
            .remove_producers_section(true)
            // The library's default differs from the CLI's: without this, init() has no
            // `new URL('calculator_bg.wasm', import.meta.url)` fallback.
            .omit_default_module_path(false)
            .generate(&out)
            .map_err(|err| Stop::plain(format!("wasm-bindgen failed on {}: {err:#}", wasm.display())))
    });
    if let Err(stop) = built {
        // cargo prints each line as an error and fails the build: a message, not a panic's backtrace.
        for line in stop.message.lines() {
            println!("cargo::error={line}");
        }
        // cargo shows a build script's stderr (where a failed tool's own errors went) only when
        // the script exits non-zero.
        if stop.tool_output {
            std::process::exit(1);
        }
    }
}

/// The commit `tierbook --version` names: `TIERBOOK_COMMIT` when set (a build from a source archive
/// that knows its commit), else `git rev-parse --short=12 HEAD`, else "unknown". No "-dirty" mark:
/// the same tree would then give different binaries depending on untracked files, and release
/// builds (scripts/release.sh) refuse a dirty tree instead.
fn build_commit(root: &Path) -> String {
    println!("cargo:rerun-if-env-changed=TIERBOOK_COMMIT");
    if let Some(commit) = env::var("TIERBOOK_COMMIT").ok().filter(|commit| !commit.trim().is_empty()) {
        return commit.trim().to_string();
    }
    let git = |args: &[&str]| {
        let output = Command::new("git").current_dir(root).args(args).output().ok()?;
        let text = String::from_utf8(output.stdout).ok()?;
        (output.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
    };
    let Some(commit) = git(&["rev-parse", "--short=12", "HEAD"]) else {
        return "unknown".to_string();
    };
    // Rerun when HEAD moves: HEAD itself (a checkout), the branch it names (a commit) and
    // packed-refs (a gc). In a worktree these live under the main repository's .git.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--path-format=absolute", "--git-path", &name]) {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    commit
}

/// Why the build stops.
struct Stop {
    message: String,
    /// A tool ran and failed, and its output (on stderr) says why.
    tool_output: bool,
}

impl Stop {
    fn plain(message: String) -> Stop {
        Stop { message, tool_output: false }
    }

    fn after_tool(message: String) -> Stop {
        Stop { message, tool_output: true }
    }
}

/// Makes sure the compiler in use has the wasm32 target, adding it with rustup when it is missing
/// (rustup installs a toolchain file's targets only together with the toolchain, so a machine
/// that had 1.95.0 before the file asked for wasm32 lacks it).
fn ensure_wasm_target() -> Result<(), Stop> {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .map_err(|err| Stop::plain(format!("could not run {} --print sysroot: {err}", rustc.to_string_lossy())))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Stop::plain(format!("{} --print sysroot failed: {stderr}", rustc.to_string_lossy())));
    }
    let sysroot = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    let installed = wasm_target::target_installed(&sysroot);
    if installed {
        return Ok(());
    }
    let from_env = env::var("RUSTUP_TOOLCHAIN").ok();
    let shown = if from_env.is_none() { rustup_show_active() } else { None };
    match wasm_target::plan(installed, wasm_target::active_toolchain(from_env.as_deref(), shown.as_deref()), &sysroot) {
        Plan::Build => Ok(()),
        Plan::Stop(message) => Err(Stop::plain(message)),
        Plan::Add { toolchain, args } => {
            println!("cargo::warning={}", wasm_target::adding_warning(&toolchain));
            // rustup's progress goes to stderr, which cargo shows when the build fails.
            match Command::new("rustup").args(&args).stdout(std::io::stderr()).status() {
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    Err(Stop::plain(wasm_target::no_rustup(&sysroot)))
                }
                Err(err) => Err(Stop::plain(wasm_target::rustup_failed(&toolchain, &err.to_string()))),
                Ok(status) if !status.success() => {
                    let why = format!("rustup {status}; its output is below");
                    Err(Stop::after_tool(wasm_target::rustup_failed(&toolchain, &why)))
                }
                Ok(_) if !wasm_target::target_installed(&sysroot) => {
                    Err(Stop::plain(wasm_target::still_missing(&toolchain, &sysroot)))
                }
                Ok(_) => Ok(()),
            }
        }
    }
}

/// What `rustup show active-toolchain` prints, or `None` without rustup.
fn rustup_show_active() -> Option<String> {
    let output = Command::new("rustup").args(["show", "active-toolchain"]).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `<target>/wasm-build`: shared by debug, release and test builds (a dev-dependency change reruns
/// this script, and a target dir inside OUT_DIR would then rebuild from scratch), and separate from
/// the directory the outer cargo holds locked.
fn wasm_target_dir(out: &Path) -> PathBuf {
    // OUT_DIR is <target>/<profile>/build/tierbook-<hash>/out.
    out.ancestors().nth(4).unwrap_or(out).join("wasm-build")
}

fn build_wasm(root: &Path, target_dir: &Path) -> Result<PathBuf, Stop> {
    // $CARGO is the same toolchain's cargo; plain `cargo` could be another one.
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args(["build", "-p", "calculator", "--lib", "--target", TARGET])
        // "z" measured 7% smaller than the workspace's "s" for this crate (text-heavy code).
        .args(["--config", "profile.wasm-release.opt-level=\"z\""])
        .args(["--profile", "wasm-release", "--target-dir"])
        .arg(target_dir)
        // A build script's stdout is cargo's directive channel.
        .stdout(std::io::stderr());
    // The outer build's settings must not leak in: coverage flags, for one, break a wasm build.
    for (key, _) in env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_FEATURE_") || key.starts_with("CARGO_CFG_") {
            cmd.env_remove(&*key);
        }
    }
    for key in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_LLVM_COV",
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "DEBUG",
        "OPT_LEVEL",
        "PROFILE",
        "TARGET",
        "HOST",
        "NUM_JOBS",
    ] {
        cmd.env_remove(key);
    }
    let status = cmd.status().map_err(|err| Stop::plain(format!("could not run cargo for the wasm build: {err}")))?;
    if !status.success() {
        return Err(Stop::after_tool(format!(
            "the calculator's wasm build failed ({status}); cargo's errors are below"
        )));
    }
    Ok(target_dir.join(TARGET).join("wasm-release/calculator.wasm"))
}
