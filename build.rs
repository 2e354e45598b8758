//! Builds the calculator crate for wasm32 and generates its JavaScript glue, so that plain `cargo
//! build` / `cargo test` embed a working browser calculator with nothing but the pinned toolchain
//! (no wasm-pack, no wasm-bindgen CLI). See notes/wasm-and-browser.md for why this shape.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for path in ["calculator/src", "calculator/Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={path}");
    }
    let wasm = build_wasm(&root, &wasm_target_dir(&out));
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)
        .expect("the web target is always available")
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        // The library's default differs from the CLI's: without this, init() has no
        // `new URL('calculator_bg.wasm', import.meta.url)` fallback.
        .omit_default_module_path(false)
        .generate(&out)
        .unwrap_or_else(|err| panic!("wasm-bindgen failed on {}: {err:#}", wasm.display()));
}

/// `<target>/wasm-build`: shared by debug, release and test builds (a dev-dependency change reruns
/// this script, and a target dir inside OUT_DIR would then rebuild from scratch), and separate from
/// the directory the outer cargo holds locked.
fn wasm_target_dir(out: &Path) -> PathBuf {
    // OUT_DIR is <target>/<profile>/build/tierbook-<hash>/out.
    out.ancestors().nth(4).unwrap_or(out).join("wasm-build")
}

fn build_wasm(root: &Path, target_dir: &Path) -> PathBuf {
    // $CARGO is the same toolchain's cargo; plain `cargo` could be another one.
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args(["build", "-p", "calculator", "--lib", "--target", "wasm32-unknown-unknown"])
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
    let status = cmd.status().unwrap_or_else(|err| panic!("could not run cargo for the wasm build: {err}"));
    assert!(
        status.success(),
        "the calculator's wasm build failed (is the wasm32-unknown-unknown target installed? \
         `rustup target add wasm32-unknown-unknown`)"
    );
    target_dir.join("wasm32-unknown-unknown/wasm-release/calculator.wasm")
}
