"""A Chợ Số cluster on this machine's loopback, from the project's own files (``make cluster``).

    python deploy/cluster/cluster.py start     # builds and starts everything, prints the address
    python deploy/cluster/cluster.py stop      # stops everything it started (PID files)
    python deploy/cluster/cluster.py status    # what is running
    python deploy/cluster/cluster.py env       # the app's environment, as shell exports

Components (ports from ``CLUSTER_PORT``, 8180 by default; state under ``CLUSTER_DIR``,
``var/cluster`` by default), see docs/operations.md ("Cluster"):

| name | what | port |
|---|---|---|
| nginx | Debian's nginx: static files, media (proxied to the bucket), two app servers | +0 |
| app1, app2 | gunicorn, ``config.wsgi`` | +1, +2 |
| replica | a PostgreSQL streaming replica of the machine's PostgreSQL (pg_basebackup, slot) | +3 |
| redis | a redis-server of the cluster's own: cache, sessions (cached_db), throttles | +4 |
| s3 | moto's server mode: the S3-compatible media bucket | +5 |
| worker1, worker2 | ``manage.py db_worker`` | - |
| scheduler | ``manage.py run_schedule`` | - |

The primary is the machine's PostgreSQL (``CLUSTER_PG_HOST``/``CLUSTER_PG_PORT``); the cluster
uses its own database (``CLUSTER_DATABASE``, ``cluster``), recreated, migrated and seeded with the
demo data on each start (the bucket lives in moto's memory, so both start empty together).
Everything runs as this user except PostgreSQL, which runs as ``postgres`` when started by root.
"""

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))  # run as a script: ``deploy`` importable
HERE = Path(__file__).resolve().parent
PG_BIN = Path(os.environ.get("CLUSTER_PG_BIN", "/usr/lib/postgresql/15/bin"))
NGINX = os.environ.get("CLUSTER_NGINX", shutil.which("nginx") or "/usr/sbin/nginx")
REDIS_SERVER = os.environ.get("CLUSTER_REDIS_SERVER", shutil.which("redis-server") or "")
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
VENV_BIN = BASE_DIR / ".venv" / "bin"
SLOT = "choso_cluster_replica"
BUCKET = "choso-media"
APP_SERVERS = ("app1", "app2")
WORKERS = ("worker1", "worker2")


@dataclass(frozen=True)
class Layout:
    """Where everything of one cluster lives and listens."""

    port: int
    root: Path
    database: str
    pg_host: str
    pg_port: int
    pg_user: str

    @classmethod
    def from_env(cls) -> "Layout":
        return cls(
            port=int(os.environ.get("CLUSTER_PORT", "8180")),
            root=Path(os.environ.get("CLUSTER_DIR", BASE_DIR / "var" / "cluster")).resolve(),
            database=os.environ.get("CLUSTER_DATABASE", "cluster"),
            pg_host=os.environ.get("CLUSTER_PG_HOST", "127.0.0.1"),
            pg_port=int(os.environ.get("CLUSTER_PG_PORT", "5432")),
            pg_user=os.environ.get("CLUSTER_PG_USER", "postgres"),
        )

    def ports(self) -> dict[str, int]:
        p = self.port
        return {
            "nginx": p,
            "app1": p + 1,
            "app2": p + 2,
            "replica": p + 3,
            "redis": p + 4,
            "s3": p + 5,
        }

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pids(self) -> Path:
        return self.root / "pid"

    @property
    def logs(self) -> Path:
        return self.root / "log"

    @property
    def replica_dir(self) -> Path:
        """Under the temporary folder by default: the postgres user must reach it, and a clone's
        own folder may be closed to other users."""
        default = Path(tempfile.gettempdir()) / f"choso-cluster-{self.port}" / "pg-replica"
        return Path(os.environ.get("CLUSTER_PG_DIR", default))

    def primary_url(self) -> str:
        return f"postgres://{self.pg_user}@{self.pg_host}:{self.pg_port}/{self.database}"

    def replica_url(self) -> str:
        return f"postgres://{self.pg_user}@127.0.0.1:{self.ports()['replica']}/{self.database}"

    def app_env(self) -> dict[str, str]:
        """The environment of every Django process of the cluster."""
        ports = self.ports()
        return {
            "DEBUG": "1",  # a demo cluster: the sandbox payments and seed_demo need it
            "DATABASE_URL": self.primary_url(),
            "DATABASE_REPLICA_URL": self.replica_url(),
            "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
            "REDIS_IGNORE_EXCEPTIONS": "1",
            "CACHE_KEY_PREFIX": "cluster",
            "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{ports['s3']}",
            "AWS_ACCESS_KEY_ID": "cluster",
            "AWS_SECRET_ACCESS_KEY": "cluster-secret",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_CUSTOM_DOMAIN": f"127.0.0.1:{self.port}/media",
            "AWS_S3_URL_PROTOCOL": "http:",
            "TRUSTED_PROXY_COUNT": "1",
            "SITE_URL": self.url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": self.url,
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            "PAYMENT_PROVIDER": "sandbox",
            "PAYMENTS_SANDBOX_ENABLED": "1",
            "WORKSPACE_REQUIRE_MFA": "0",
            # The load run comes from one address (127.0.0.1): the anonymous API limit per
            # address would otherwise measure the throttle, not the servers.
            "API_THROTTLE_ANON": os.environ.get("CLUSTER_API_THROTTLE_ANON", "100000/min"),
            "PYTHONUNBUFFERED": "1",
        }


# Processes -----------------------------------------------------------------------------------


def _pidfile(layout: Layout, name: str) -> Path:
    return layout.pids / f"{name}.pid"


def read_pid(layout: Layout, name: str) -> int | None:
    try:
        pid = int(_pidfile(layout, name).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if _alive(pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (our own child, killed) counts as gone
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def spawn(layout: Layout, name: str, argv: list[str], *, env: dict | None = None) -> int:
    """Starts ``argv`` in its own process group, output to log/<name>.log, PID in pid/<name>.pid."""
    layout.pids.mkdir(parents=True, exist_ok=True)
    layout.logs.mkdir(parents=True, exist_ok=True)
    log = open(layout.logs / f"{name}.log", "ab")  # noqa: SIM115 - handed to the child
    process = subprocess.Popen(
        argv,
        cwd=BASE_DIR,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    _pidfile(layout, name).write_text(f"{process.pid}\n")
    return process.pid


def kill(layout: Layout, name: str, *, sig: int = signal.SIGTERM, wait: float = 15.0) -> bool:
    """Signals the process group of ``name``; after SIGTERM waits, then SIGKILLs what is left."""
    pid = read_pid(layout, name)
    if pid is None:
        _pidfile(layout, name).unlink(missing_ok=True)
        return False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)
    deadline = time.monotonic() + wait
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    if sig != signal.SIGKILL or not _alive(pid):
        _pidfile(layout, name).unlink(missing_ok=True)
    return True


def kill_hard(layout: Layout, name: str) -> int | None:
    """SIGKILL to the whole process group at once (a crash: no request or job is finished)."""
    pid = read_pid(layout, name)
    if pid is not None:
        os.killpg(pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
    return pid


def wait_port(port: int, *, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"{what or port} did not open port {port} within {timeout:.0f} s")


def wait_http(url: str, *, timeout: float = 60.0, headers: dict | None = None) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last = str(exc)
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer 200 within {timeout:.0f} s ({last})")


def manage(layout: Layout, *args: str, quiet: bool = True) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env={**os.environ, **layout.app_env(), "LOG_LEVEL": "WARNING"},
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


# PostgreSQL ----------------------------------------------------------------------------------


def psql(layout: Layout, sql: str, *, database: str = "postgres", port: int | None = None) -> str:
    result = subprocess.run(
        [
            str(PG_BIN / "psql"),
            "-h",
            layout.pg_host if port is None else "127.0.0.1",
            "-p",
            str(layout.pg_port if port is None else port),
            "-U",
            layout.pg_user,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-Atc",
            sql,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def ensure_replication_allowed(layout: Layout) -> None:
    """The primary must accept replication connections from the loopback (trust, as its other
    loopback connections here). Adds the pg_hba.conf line and reloads when it is missing."""
    rules = psql(
        layout,
        "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database) "
        "AND (address IS NULL OR address = '127.0.0.1')",
    )
    if int(rules or 0) > 0:
        return
    hba = Path(psql(layout, "SHOW hba_file"))
    with hba.open("a") as f:
        f.write("\n# make cluster (Chợ Số): the streaming replica on the loopback\n")
        f.write("host replication all 127.0.0.1/32 trust\n")
    psql(layout, "SELECT pg_reload_conf()")
    print(f"  added a replication line to {hba} and reloaded PostgreSQL")


def recreate_database(layout: Layout) -> None:
    name = layout.database
    psql(
        layout,
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' "
        "AND pid <> pg_backend_pid()",
    )
    psql(layout, f'DROP DATABASE IF EXISTS "{name}"')
    psql(layout, f'CREATE DATABASE "{name}"')


def drop_slot(layout: Layout) -> None:
    psql(
        layout,
        f"SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
        f"WHERE slot_name = '{SLOT}' AND NOT active",
    )


def replica_conf(layout: Layout) -> str:
    return "\n".join(
        [
            "# The cluster's replica (deploy/cluster/cluster.py); primary_conninfo is in",
            "# postgresql.auto.conf (pg_basebackup -R).",
            f"port = {layout.ports()['replica']}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{layout.replica_dir}'",
            f"hba_file = '{layout.replica_dir / 'pg_hba.conf'}'",
            f"ident_file = '{layout.replica_dir / 'pg_ident.conf'}'",
            "hot_standby = on",
            "hot_standby_feedback = on",
            "max_connections = 100",
            "shared_buffers = 64MB",
            "logging_collector = off",
            "",
        ]
    )


def make_replica(layout: Layout) -> None:
    target = layout.replica_dir
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.mkdir(mode=0o700)
    os.chmod(target, 0o700)
    if os.geteuid() == 0:
        shutil.chown(target, "postgres", "postgres")
    drop_slot(layout)
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "pg_basebackup"),
                "-h",
                layout.pg_host,
                "-p",
                str(layout.pg_port),
                "-U",
                layout.pg_user,
                "-D",
                str(target),
                "--write-recovery-conf",
                "--create-slot",
                "--slot",
                SLOT,
                "--wal-method",
                "stream",
                "--checkpoint",
                "fast",
            ]
        ),
        check=True,
    )
    (target / "postgresql.conf").write_text(replica_conf(layout))
    (target / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        "host replication all 127.0.0.1/32 trust\n"
    )
    (target / "pg_ident.conf").write_text("")
    if os.geteuid() == 0:
        for path in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            shutil.chown(target / path, "postgres", "postgres")


def start_replica(layout: Layout) -> None:
    log = layout.replica_dir / "replica.log"
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(layout.replica_dir),
                "-l",
                str(log),
                "-w",
                "-t",
                "300",
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    wait_port(layout.ports()["replica"], what="the replica")


def stop_replica(layout: Layout, *, mode: str = "fast") -> None:
    if not (layout.replica_dir / "postmaster.pid").exists():
        return
    subprocess.run(
        _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(layout.replica_dir), "-m", mode, "-w", "stop"]
        ),
        check=False,
        stdout=subprocess.DEVNULL,
    )


# The other components --------------------------------------------------------------------------


def start_redis(layout: Layout) -> None:
    if not REDIS_SERVER:
        raise SystemExit("redis-server is not installed (apt-get install -y redis-server)")
    port = layout.ports()["redis"]
    spawn(
        layout,
        "redis",
        [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no", "--dir", str(layout.root)],
    )  # fmt: skip
    wait_port(port, what="redis")


def start_s3(layout: Layout) -> None:
    port = layout.ports()["s3"]
    spawn(layout, "s3", [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)])
    wait_port(port, what="moto (S3)")
    import boto3  # the venv's: this script runs with it

    env = layout.app_env()
    client = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_S3_REGION_NAME"],
    )
    names = [b["Name"] for b in client.list_buckets().get("Buckets", [])]
    if BUCKET not in names:
        client.create_bucket(Bucket=BUCKET)
    public_read(client, BUCKET)


def public_read(client, bucket: str) -> None:
    """Anyone may read the bucket's objects (what nginx serves under /media/); only the app's
    key writes. Media are public pictures and documents; nothing private is stored there."""
    client.put_bucket_policy(
        Bucket=bucket,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "PublicRead",
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{bucket}/*",
                    }
                ],
            }
        ),
    )


def start_app(layout: Layout, name: str, *, workers: int | None = None) -> None:
    port = layout.ports()[name]
    metrics = layout.root / "metrics" / name
    if metrics.exists():
        shutil.rmtree(metrics)
    metrics.mkdir(parents=True)
    workers = workers or int(os.environ.get("CLUSTER_APP_WORKERS", "2"))
    spawn(
        layout,
        name,
        [str(VENV_BIN / "gunicorn"), "config.wsgi", "--config", str(HERE / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--name", f"choso-{name}"],
        env={**layout.app_env(), "PROMETHEUS_MULTIPROC_DIR": str(metrics)},
    )  # fmt: skip
    wait_http(f"http://127.0.0.1:{port}/healthz", headers={"Host": "127.0.0.1"})


def start_worker(layout: Layout, name: str) -> None:
    # Tasks this worker was running when it died go back to the queue first (at least once).
    manage(layout, "tasks_requeue", "--worker-id", f"cluster-{name}")
    spawn(
        layout,
        name,
        [PYTHON, "manage.py", "db_worker", "--interval", "1", "--no-reload",
         "--worker-id", f"cluster-{name}"],
        env=layout.app_env(),
    )  # fmt: skip


def start_scheduler(layout: Layout, name: str = "scheduler") -> None:
    spawn(layout, name, [PYTHON, "manage.py", "run_schedule"], env=layout.app_env())


def nginx_conf(layout: Layout, *, servers: tuple[str, ...] = APP_SERVERS) -> str:
    ports = layout.ports()
    upstream = "\n".join(
        f"        server 127.0.0.1:{ports[name]} max_fails=1 fail_timeout=5s;" for name in servers
    )
    template = (HERE / "nginx.conf.in").read_text()
    values = {
        "ROOT": str(layout.root / "nginx"),
        "LOGS": str(layout.logs),
        "PORT": str(layout.port),
        "UPSTREAM": upstream,
        "STATIC_ROOT": str(BASE_DIR / "var" / "static"),
        "S3": f"127.0.0.1:{ports['s3']}",
        "BUCKET": BUCKET,
        "MAX_BODY": os.environ.get("CLUSTER_MAX_BODY", "10m"),
    }
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def start_nginx(layout: Layout) -> None:
    root = layout.root / "nginx"
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (root / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(root / sub, 0o777)  # nginx's workers run as nobody when started by root  # noqa: S103
    conf = root / "nginx.conf"
    conf.write_text(nginx_conf(layout))
    subprocess.run([NGINX, "-t", "-q", "-p", str(root), "-c", str(conf)], check=True)
    spawn(layout, "nginx", [NGINX, "-p", str(root), "-c", str(conf), "-g", "daemon off;"])
    wait_http(f"{layout.url}/healthz")


def reload_nginx(layout: Layout, *, servers: tuple[str, ...]) -> None:
    """Points nginx at these app servers only (the benchmark's one-server figures)."""
    conf = layout.root / "nginx" / "nginx.conf"
    conf.write_text(nginx_conf(layout, servers=servers))
    pid = read_pid(layout, "nginx")
    if pid is not None:
        os.kill(pid, signal.SIGHUP)
        time.sleep(1.0)


# Commands ------------------------------------------------------------------------------------

ORDER = ("nginx", "app1", "app2", "scheduler", "worker1", "worker2", "s3", "redis")


def seed_fingerprint() -> str:
    """Changes when a migration or a demo module changes: the saved seed is then rebuilt."""
    digest = hashlib.sha256()
    for path in sorted(BASE_DIR.glob("*/migrations/*.py")) + sorted(BASE_DIR.glob("*/demo*.py")):
        digest.update(str(path.relative_to(BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def prepare_data(layout: Layout) -> None:
    """A fresh database and bucket holding the demo data. Migrating and seeding takes minutes
    on two busy cores, so the first start saves the result (deploy/cluster/backup.py) and later
    starts restore it while the migrations and demo modules are unchanged."""
    from deploy.cluster import backup  # imports boto3 and psycopg from the venv

    seed = layout.root / "seed"
    fingerprint = seed_fingerprint()
    recreate_database(layout)
    saved = seed / "fingerprint"
    if saved.exists() and saved.read_text() == fingerprint:
        backup.restore(layout, seed, database=layout.database, bucket=BUCKET)
        manage(layout, "migrate", "--noinput", "-v0")
        print(f"  database {layout.database} and bucket restored from the saved demo seed")
        return
    manage(layout, "migrate", "--noinput", "-v0")
    manage(layout, "seed_demo")
    if seed.exists():
        shutil.rmtree(seed)
    backup.backup(layout, seed)
    saved.write_text(fingerprint)
    print(f"  database {layout.database} migrated and seeded (saved for the next start)")


def stop(layout: Layout) -> None:
    for name in ORDER + ("scheduler2",):
        if kill(layout, name):
            print(f"  stopped {name}")
    stop_replica(layout)
    try:
        drop_slot(layout)
    except subprocess.CalledProcessError as exc:
        print(f"  could not drop the replication slot {SLOT}: {exc.stderr}", file=sys.stderr)
    if layout.replica_dir.exists():
        shutil.rmtree(layout.replica_dir)
        print("  stopped the replica and removed its data")


def start(layout: Layout) -> None:
    if not Path(NGINX).exists():
        raise SystemExit("nginx is not installed: apt-get install -y nginx")
    if any(read_pid(layout, name) for name in ORDER):
        raise SystemExit("the cluster is already running: make cluster-stop first")
    layout.root.mkdir(parents=True, exist_ok=True)
    for folder in (layout.logs,):
        if folder.exists():
            shutil.rmtree(folder)
    started = time.monotonic()
    print(f"Starting the Chợ Số cluster in {layout.root}")
    start_redis(layout)
    start_s3(layout)
    print("  redis and the S3 bucket (moto) are up")
    prepare_data(layout)
    manage(layout, "collectstatic", "--noinput", "-v0")
    ensure_replication_allowed(layout)
    make_replica(layout)
    start_replica(layout)
    print(f"  replica streaming on port {layout.ports()['replica']} (slot {SLOT})")
    for name in APP_SERVERS:
        start_app(layout, name)
    for name in WORKERS:
        start_worker(layout, name)
    start_scheduler(layout)
    start_nginx(layout)
    (layout.root / "cluster.json").write_text(
        json.dumps({"url": layout.url, "ports": layout.ports(), "env": layout.app_env()}, indent=2)
    )
    print(f"  ready in {time.monotonic() - started:.0f} s")
    print(f"Chợ Số cluster: {layout.url}/  (make cluster-stop stops it; logs in {layout.logs})")


def status(layout: Layout) -> int:
    down = 0
    for name in ORDER:
        pid = read_pid(layout, name)
        print(f"  {name:<10} {'pid ' + str(pid) if pid else 'down'}")
        down += pid is None
    replica = (layout.replica_dir / "postmaster.pid").exists()
    print(f"  {'replica':<10} {'up' if replica else 'down'}")
    return 1 if down or not replica else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["start", "stop", "status", "env"])
    args = parser.parse_args(argv)
    layout = Layout.from_env()
    if args.command == "start":
        try:
            start(layout)
        except BaseException:
            print("Start failed: stopping what was started.", file=sys.stderr)
            stop(layout)
            raise
    elif args.command == "stop":
        print("Stopping the Chợ Số cluster")
        stop(layout)
    elif args.command == "env":
        for key, value in layout.app_env().items():
            print(f"export {key}='{value}'")
    else:
        return status(layout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
