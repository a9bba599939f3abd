"""The local Elasticsearch node that akhbar provisions for itself (no Docker needed).

``start`` fetches the official node (Maven Central, ``integ-test-zip``) into a cache, builds and
installs akhbar's stable-API Arabic analysis plugin, and runs the node as a dedicated non-root
user on 127.0.0.1. Every step is idempotent; every expected failure is an :class:`EngineError`
with a one-line message."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from indexer.es import EngineError

ES_VERSION = "9.5.3"
ES_ARTIFACT = f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{ES_VERSION}:zip"
CLUSTER_NAME = "akhbar-local"
PLUGIN_NAME = "akhbar-arabic-analysis"
SERVICE_USER = "akhbar-es"
PLUGIN_SRC = Path(__file__).resolve().parent.parent / "engine" / "plugin"
HEAP = os.environ.get("AKHBAR_ENGINE_HEAP", "1g")


def _is_root() -> bool:
    return os.geteuid() == 0


@dataclass(frozen=True)
class Layout:
    """Where the local engine keeps its files."""

    cache: Path  # downloads and plugin builds (safe to delete)
    home: Path  # the installed node, its data and logs
    port: int = 9200

    @classmethod
    def default(cls, port: int = 9200) -> Layout:
        cache = Path(os.environ.get("AKHBAR_CACHE", Path.home() / ".cache" / "akhbar"))
        default_home = Path("/var/lib/akhbar") if _is_root() else Path.home() / ".local" / "share" / "akhbar"
        home = Path(os.environ.get("AKHBAR_ENGINE_HOME", default_home))
        return cls(cache=cache, home=home, port=port)

    @property
    def node(self) -> Path:
        return self.home / f"elasticsearch-{ES_VERSION}"

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def pidfile(self) -> Path:
        return self.home / "elasticsearch.pid"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


# --- Java -----------------------------------------------------------------------------------


def _java_release(home: Path) -> dict[str, str]:
    release = home / "release"
    if not release.is_file():
        return {}
    pairs = (line.split("=", 1) for line in release.read_text().splitlines() if "=" in line)
    return {k: v.strip().strip('"') for k, v in pairs}


def _java_ok(home: Path) -> bool:
    """A Java 21+ runtime with the modules Elasticsearch 9 loads (jdk.incubator.vector)."""
    info = _java_release(home)
    major = info.get("JAVA_VERSION", "0").split(".")[0]
    return major.isdigit() and int(major) >= 21 and "jdk.incubator.vector" in info.get("MODULES", "")


def find_java() -> Path:
    """The JDK that runs the node: $AKHBAR_JAVA_HOME, $ES_JAVA_HOME, $JAVA_HOME, then /usr/lib/jvm/*."""
    candidates = [os.environ.get(v) for v in ("AKHBAR_JAVA_HOME", "ES_JAVA_HOME", "JAVA_HOME")]
    jvm = Path("/usr/lib/jvm")
    if jvm.is_dir():
        candidates += [str(p) for p in sorted(jvm.iterdir(), reverse=True) if not p.is_symlink()]
    for cand in candidates:
        if cand and _java_ok(Path(cand)):
            return Path(cand)
    raise EngineError(
        "no Java 21+ runtime with the jdk.incubator.vector module found (looked at AKHBAR_JAVA_HOME, "
        "ES_JAVA_HOME, JAVA_HOME, /usr/lib/jvm); install a JDK 21+ and set AKHBAR_JAVA_HOME"
    )


# --- download and plugin build --------------------------------------------------------------


def _run(cmd: list[str], what: str, **kw) -> subprocess.CompletedProcess[str]:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    except FileNotFoundError as exc:
        raise EngineError(f"{what}: {cmd[0]} not found") from exc
    if proc.returncode != 0:
        out = (proc.stdout + proc.stderr).strip().splitlines()
        errors = [line for line in out if "ERROR" in line or "rror" in line][:3] or out[-3:]
        raise EngineError(f"{what} failed: " + " | ".join(e.strip() for e in errors))
    return proc


def _mvn() -> str:
    mvn = shutil.which("mvn")
    if not mvn:
        raise EngineError("Maven (mvn) is not installed; it fetches the node and builds the plugin: "
                          "apt-get install maven")
    return mvn


def fetch_distribution(layout: Layout) -> Path:
    """The node's zip in the cache, downloaded from Maven Central on first use."""
    downloads = layout.cache / "downloads"
    target = downloads / f"elasticsearch-{ES_VERSION}.zip"
    if target.is_file() and zipfile.is_zipfile(target):
        return target
    downloads.mkdir(parents=True, exist_ok=True)
    try:
        _run(
            [_mvn(), "-B", "-q", "dependency:copy", f"-Dartifact={ES_ARTIFACT}", f"-DoutputDirectory={downloads}"],
            f"downloading Elasticsearch {ES_VERSION} from Maven Central",
        )
    except EngineError as exc:
        raise EngineError(f"{exc} (is Maven Central reachable? check the network/proxy)") from None
    return target


def install_distribution(layout: Layout) -> None:
    """Unpack the node into its home (once)."""
    if (layout.node / "bin" / "elasticsearch").is_file():
        return
    archive = fetch_distribution(layout)
    layout.home.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=layout.home) as tmp:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(tmp)
        unpacked = Path(tmp) / f"elasticsearch-{ES_VERSION}"
        for exe in unpacked.rglob("bin/*"):  # zipfile drops the executable bits
            if exe.is_file():
                exe.chmod(0o755)
        unpacked.rename(layout.node)


def _plugin_fingerprint() -> str:
    digest = hashlib.sha256(ES_VERSION.encode())
    for path in sorted(p for p in PLUGIN_SRC.rglob("*") if p.is_file() and "target" not in p.parts):
        digest.update(path.relative_to(PLUGIN_SRC).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _lucene_version(layout: Layout) -> str:
    jars = sorted((layout.node / "lib").glob("lucene-core-*.jar"))
    if not jars:
        raise EngineError(f"no lucene-core jar in {layout.node / 'lib'}: the node's files are incomplete")
    return jars[0].name.removeprefix("lucene-core-").removesuffix(".jar")


def build_plugin(layout: Layout, java: Path, fingerprint: str) -> Path:
    """Build the analysis plugin with Maven and assemble its zip (cached by source ``fingerprint``)."""
    out = layout.cache / "plugin" / fingerprint
    archive = out / f"{PLUGIN_NAME}.zip"
    if archive.is_file():
        return archive
    env = dict(os.environ)
    if (java / "bin" / "javac").is_file():
        env["JAVA_HOME"] = str(java)  # else Maven's own JDK, with ECJ if it is older than 21
    _run(
        [
            _mvn(), "-B", "-q", "-f", str(PLUGIN_SRC / "pom.xml"), "package",
            f"-Des.version={ES_VERSION}", f"-Dlucene.version={_lucene_version(layout)}",
            f"-Dakhbar.build={out / 'build'}",
        ],
        "building the Arabic analysis plugin",
        env=env,
    )
    jar = next((out / "build").glob("*.jar"))
    descriptor = (PLUGIN_SRC / "src/main/plugin/stable-plugin-descriptor.properties").read_text()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(jar, jar.name)
        zf.writestr("stable-plugin-descriptor.properties", descriptor.replace("${es.version}", ES_VERSION))
        zf.write(PLUGIN_SRC / "src/main/plugin/named_components.json", "named_components.json")
    return archive


def install_plugin(layout: Layout, java: Path) -> None:
    """Install (or replace an outdated) akhbar analysis plugin into the local node only."""
    marker = layout.node / "plugins" / PLUGIN_NAME / ".akhbar-fingerprint"
    fingerprint = _plugin_fingerprint()
    if marker.is_file() and marker.read_text() == fingerprint:
        return
    archive = build_plugin(layout, java, fingerprint)
    tool = str(layout.node / "bin" / "elasticsearch-plugin")
    env = {**os.environ, "ES_JAVA_HOME": str(java)}
    if (layout.node / "plugins" / PLUGIN_NAME).exists():
        _run([tool, "remove", PLUGIN_NAME], "removing the old analysis plugin", env=env)
    _run([tool, "install", "--batch", archive.as_uri()], "installing the analysis plugin", env=env)
    marker.write_text(fingerprint)


# --- configuration and process --------------------------------------------------------------


def write_config(layout: Layout) -> None:
    """Settings for a private single-node engine on 127.0.0.1."""
    config = {
        "cluster.name": CLUSTER_NAME,
        "node.name": "akhbar-local-1",
        "path.data": str(layout.data),
        "path.logs": str(layout.logs),
        "network.host": "127.0.0.1",
        "http.port": layout.port,
        "transport.port": layout.port + 100,
        "discovery.type": "single-node",
        "xpack.security.enabled": False,
        "xpack.ml.enabled": False,
        "cluster.routing.allocation.disk.threshold_enabled": False,
        "action.destructive_requires_name": False,
        "action.auto_create_index": False,  # a write to a missing alias must fail, not invent a mapping
        "indexing_pressure.memory.limit": "30%",  # room for a 20 MB article (indexed as ~8x its size)
    }
    lines = [f"{k}: {json.dumps(v)}" for k, v in config.items()]
    (layout.node / "config" / "elasticsearch.yml").write_text("\n".join(lines) + "\n")
    heap = layout.node / "config" / "jvm.options.d" / "akhbar-heap.options"
    heap.parent.mkdir(exist_ok=True)
    heap.write_text(f"-Xms{HEAP}\n-Xmx{HEAP}\n")


def _service_user() -> pwd.struct_passwd | None:
    """The system user the node runs as when akhbar runs as root (created on first use)."""
    if not _is_root():
        return None
    try:
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        _run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER],
            f"creating the system user {SERVICE_USER}",
        )
        return pwd.getpwnam(SERVICE_USER)


def _chown_tree(root: Path, user: pwd.struct_passwd) -> None:
    for path in [root, *root.rglob("*")]:
        if path.stat().st_uid != user.pw_uid:
            os.chown(path, user.pw_uid, user.pw_gid, follow_symlinks=False)


def _http_json(url: str, timeout: float = 2.0) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return json.loads(resp.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _pid(layout: Layout) -> int | None:
    try:
        pid = int(layout.pidfile.read_text().strip())
        os.kill(pid, 0)
        return pid
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    except PermissionError:
        return pid


@dataclass(frozen=True)
class Status:
    running: bool
    url: str
    version: str | None = None
    health: str | None = None
    pid: int | None = None


def status(layout: Layout | None = None) -> Status:
    """Whether akhbar's node answers on its port, with version and health."""
    layout = layout or Layout.default()
    health = _http_json(f"{layout.url}/_cluster/health")
    if not health or health.get("cluster_name") != CLUSTER_NAME:
        return Status(False, layout.url, pid=_pid(layout))
    nodes = _http_json(f"{layout.url}/_nodes/_local?filter_path=nodes.*.version") or {}
    version = next((n.get("version") for n in nodes.get("nodes", {}).values()), None)
    return Status(True, layout.url, version, health.get("status"), _pid(layout))


def _log_tail(layout: Layout, lines: int = 15) -> str:
    log = layout.logs / f"{CLUSTER_NAME}.log"
    if not log.is_file():
        return "(no log written)"
    text = log.read_text(errors="replace").splitlines()
    interesting = [ln for ln in text if "ERROR" in ln or "Exception" in ln or "FATAL" in ln]
    return "\n".join((interesting or text)[-lines:])


def start(layout: Layout | None = None, *, timeout: float = 180) -> Status:
    """Provision (first time) and start the local node; a running node is left as it is."""
    layout = layout or Layout.default()
    current = status(layout)
    if current.running:
        return current
    if _port_open(layout.port):
        raise EngineError(
            f"port {layout.port} is taken by another program (not akhbar's node); stop it, or use "
            f"`akhbar engine start --port N` and ES_URL=http://127.0.0.1:N"
        )
    java = find_java()
    install_distribution(layout)
    install_plugin(layout, java)
    write_config(layout)
    layout.data.mkdir(parents=True, exist_ok=True)
    layout.logs.mkdir(parents=True, exist_ok=True)
    user = _service_user()
    if user:
        _chown_tree(layout.home, user)
    cmd = [str(layout.node / "bin" / "elasticsearch"), "-d", "-p", str(layout.pidfile)]
    if user:
        cmd = ["runuser", "-u", SERVICE_USER, "--", *cmd]
    env = {**os.environ, "ES_JAVA_HOME": str(java)}
    env.pop("ES_JAVA_OPTS", None)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=layout.home)
    if proc.returncode != 0:
        said = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise EngineError(
            f"the node failed to start (exit {proc.returncode}): {' | '.join(said)}\nlog tail:\n{_log_tail(layout)}"
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = status(layout)
        if current.running and current.health in ("yellow", "green"):
            return current
        time.sleep(1)
    raise EngineError(f"the node did not become healthy within {timeout:.0f}s; log tail:\n{_log_tail(layout)}")


def stop(layout: Layout | None = None, *, timeout: float = 60) -> bool:
    """Stop the local node; False when it was not running."""
    layout = layout or Layout.default()
    pid = _pid(layout)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _pid(layout) is None:
            break
        time.sleep(0.5)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    layout.pidfile.unlink(missing_ok=True)
    return True
