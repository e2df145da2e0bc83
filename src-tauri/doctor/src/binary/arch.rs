//! CPU architectures, as Mach-O and ELF headers name them and as Apple and Go users see
//! them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A CPU architecture, named as Apple and Go users see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Arch {
    Arm64,
    /// arm64 with pointer authentication (Apple system binaries).
    Arm64e,
    #[serde(rename = "x86_64")]
    X86_64,
    I386,
    Arm,
    #[serde(rename = "arm64_32")]
    Arm64_32,
    Ppc,
    Ppc64,
    Riscv64,
    Unknown,
}

impl Arch {
    /// The name Apple tools print (`arm64`, `x86_64`).
    pub fn name(self) -> &'static str {
        match self {
            Arch::Arm64 => "arm64",
            Arch::Arm64e => "arm64e",
            Arch::X86_64 => "x86_64",
            Arch::I386 => "i386",
            Arch::Arm => "arm",
            Arch::Arm64_32 => "arm64_32",
            Arch::Ppc => "ppc",
            Arch::Ppc64 => "ppc64",
            Arch::Riscv64 => "riscv64",
            Arch::Unknown => "unknown",
        }
    }

    /// The GOARCH name (`arm64`, `amd64`).
    pub fn goarch(self) -> &'static str {
        match self {
            Arch::Arm64 | Arch::Arm64e => "arm64",
            Arch::X86_64 => "amd64",
            Arch::I386 => "386",
            Arch::Arm => "arm",
            Arch::Arm64_32 => "arm64_32",
            Arch::Ppc => "ppc",
            Arch::Ppc64 => "ppc64",
            Arch::Riscv64 => "riscv64",
            Arch::Unknown => "unknown",
        }
    }

    /// Parse `arm64`, `aarch64`, `x86_64`, `amd64`, GOARCH names and `uname -m` names.
    pub fn parse(s: &str) -> Option<Arch> {
        Some(match s.trim() {
            "arm64" | "aarch64" => Arch::Arm64,
            "arm64e" => Arch::Arm64e,
            "x86_64" | "amd64" | "x86-64" => Arch::X86_64,
            "i386" | "386" | "i686" | "x86" => Arch::I386,
            "arm" | "armv7" | "armv7l" => Arch::Arm,
            "arm64_32" => Arch::Arm64_32,
            "ppc" => Arch::Ppc,
            "ppc64" | "ppc64le" => Arch::Ppc64,
            "riscv64" => Arch::Riscv64,
            _ => return None,
        })
    }

    /// Whether code of this architecture runs natively on `hardware`.
    pub fn is_native_on(self, hardware: Arch) -> bool {
        match hardware {
            Arch::Arm64 | Arch::Arm64e => matches!(self, Arch::Arm64 | Arch::Arm64e),
            other => self == other,
        }
    }
}

impl fmt::Display for Arch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
