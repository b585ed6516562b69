"""The environments of ``compat/environments.toml``, each built once under ``build/compat/<id>/``.

Each gets ``requirements.in`` (the project's dependencies by name, without their version
ranges, the environment's pins in their place), resolved by uv with ``requirements.lock`` as
the preferred versions, so only what the pins force moves from the lock; then a venv of that
on its interpreter. A step whose inputs are unchanged is not repeated. Python 3.14 and 3.15
come from the Debian sid root of ``tools/sidroot.sh``, where the venv is built and run.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import shutil
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / "build" / "uv" / "bin" / "uv"
SIDROOT = ROOT / "tools" / "sidroot.sh"
SID_PYTHONS = {"3.14", "3.15"}
# The interpreter the lock was resolved for (`make lock`).
LOCK_PYTHON = "3.11.5"
# Compiled once here, not in every pytest process: the pages' runs would otherwise compile
# every library they import from source, each time (uv does not compile by default).
INSTALL_OPTIONS = ("--compile-bytecode",)
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


@dataclass(frozen=True)
class Environment:
    id: str
    axis: str | None  # None for the baseline
    label: str
    python: str  # major.minor
    pins: dict[str, str] = field(default_factory=dict)
    keep: tuple[str, ...] = ()  # held at the lock's version over what other packages declare

    @property
    def folder(self) -> Path:
        return ROOT / "build" / "compat" / self.id

    @property
    def in_sidroot(self) -> bool:
        return self.python in SID_PYTHONS


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def load(path: Path) -> list[Environment]:
    """The baseline first, then the environments in the file's order."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    base = raw["baseline"]
    found = [Environment(base["id"], None, base.get("label", base["id"]), base["python"])]
    for entry in raw.get("environment", []):
        axis = entry["axis"]
        python = entry.get("python", base["python"])
        pins = dict(entry.get("pins", {}))
        if axis != "python" and normalize(axis) not in {normalize(name) for name in pins}:
            raise ValueError(f"{path}: {entry['id']}: the pins do not set the axis {axis!r}")
        version = python if axis == "python" else pins[next(n for n in pins if normalize(n) == normalize(axis))]
        label = entry.get("label") or f"{'Python' if axis == 'python' else axis} {'.'.join(version.split('.')[:2])}"
        found.append(Environment(entry["id"], axis, label, python, pins, tuple(entry.get("keep", ()))))
    ids = [env.id for env in found]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate environment ids")
    return found


def requirements_in(dependencies: list[str], pins: dict[str, str]) -> str:
    """The project's dependencies by name (extras kept, ranges dropped), ``pins`` pinned."""
    wanted = {normalize(name): version for name, version in pins.items()}
    lines = []
    for dependency in dependencies:
        match = _NAME.match(dependency)
        name, extras = match[1], match[2] or ""
        version = wanted.pop(normalize(name), None)
        lines.append(f"{name}{extras}=={version}" if version else f"{name}{extras}")
    lines += [f"{name}=={version}" for name, version in sorted(wanted.items())]
    return "\n".join(lines) + "\n"


def pins_of(requirements: str) -> dict[str, str]:
    """Package -> version of a compiled requirements file."""
    return {normalize(name): version for name, version in _PIN.findall(requirements)}


def changed(resolved: dict[str, str], baseline: dict[str, str]) -> dict[str, str]:
    """What an environment installs at another version than the baseline (or in addition to it)."""
    return {name: version for name, version in sorted(resolved.items()) if baseline.get(name) != version}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _up_to_date(stamp: Path, key: str) -> bool:
    return stamp.is_file() and stamp.read_text() == key


class Builder:
    """Resolves and installs environments; logs each command to ``<folder>/build.log``."""

    def __init__(self, lock: Path, pyproject: Path):
        self.lock = lock.read_text(encoding="utf-8")
        self.dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
        self.uv_version = subprocess.run([str(UV), "--version"], capture_output=True, text=True, check=True).stdout

    def resolve(self, env: Environment) -> str:
        """The environment's compiled requirements (``<folder>/requirements.txt``)."""
        env.folder.mkdir(parents=True, exist_ok=True)
        source = requirements_in(self.dependencies, env.pins)
        lock_pins = pins_of(self.lock)
        overrides = "".join(f"{name}=={lock_pins[normalize(name)]}\n" for name in env.keep)
        key = _digest(source, overrides, self.lock, self.uv_version)
        out, stamp = env.folder / "requirements.txt", env.folder / "requirements.key"
        if _up_to_date(stamp, key) and out.is_file():
            return out.read_text()
        (env.folder / "requirements.in").write_text(source)
        (env.folder / "overrides.txt").write_text(overrides)
        shutil.copyfile(ROOT / "requirements.lock", out)  # uv keeps the versions it finds there
        self._run(
            env,
            [str(UV), "pip", "compile", "requirements.in", "--override", "overrides.txt", "--universal"]
            + ["--python-version", LOCK_PYTHON, "--no-header", "--no-annotate", "--quiet"]
            + ["--output-file", "requirements.txt"],
            cwd=env.folder,
        )
        stamp.write_text(key)
        return out.read_text()

    def install(self, env: Environment, requirements: str) -> str:
        """Build the venv if its inputs changed; the interpreter's full version."""
        venv = env.folder / "venv"
        interpreter = self.interpreter(env)
        key = _digest(requirements, interpreter, *INSTALL_OPTIONS)
        stamp = venv / ".compat-installed"
        if not _up_to_date(stamp, key):
            shutil.rmtree(venv, ignore_errors=True)
            self.run_in(env, [self.uv(env), "venv", "--quiet", "--python", interpreter, self.path(env, venv)])
            python = self.path(env, venv / "bin" / "python")
            install = [self.uv(env), "pip", "install", "--quiet", *INSTALL_OPTIONS, "--python", python]
            # The compiled file is the whole set: install it as it is, without resolving again.
            self.run_in(env, [*install, "--no-deps", "-r", self.path(env, env.folder / "requirements.txt")])
            stamp.write_text(key)
        version = self.run_in(
            env, [self.path(env, venv / "bin" / "python"), "-c", "import platform; print(platform.python_version())"]
        )
        return version.strip().splitlines()[-1]

    def interpreter(self, env: Environment) -> str:
        if env.in_sidroot:
            return f"/usr/bin/python{env.python}"
        found = sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{env.python}.*/bin/python")))
        if found:
            return found[-1]
        on_path = shutil.which(f"python{env.python}")
        if on_path is None:
            raise SystemExit(f"compat: {env.id}: no Python {env.python} in ~/.pyenv/versions or on PATH")
        return on_path

    def uv(self, env: Environment) -> str:
        return self.path(env, UV)

    @staticmethod
    def path(env: Environment, path: Path) -> str:
        """``path`` as the environment's processes see it (the sid root mounts the checkout at /src)."""
        return f"/src/{path.relative_to(ROOT)}" if env.in_sidroot else str(path)

    @staticmethod
    def command(env: Environment, argv: list[str]) -> list[str]:
        """``argv`` as run in the environment: directly, or inside the sid root (in /src)."""
        if not env.in_sidroot:
            return argv
        return [*([] if os.geteuid() == 0 else ["sudo"]), str(SIDROOT), "exec", *argv]

    def run_in(self, env: Environment, argv: list[str]) -> str:
        return self._run(env, self.command(env, argv))

    def _run(self, env: Environment, argv: list[str], cwd: Path | None = None) -> str:
        result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
        with open(env.folder / "build.log", "a", encoding="utf-8") as log:
            log.write(f"$ {' '.join(argv)}\n{result.stdout}{result.stderr}")
        if result.returncode != 0:
            raise SystemExit(f"compat: {env.id}: {' '.join(argv)} failed:\n{result.stderr[-3000:]}")
        return result.stdout
