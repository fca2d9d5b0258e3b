"""Backup and restore of a Chợ Số cluster: one consistent PostgreSQL dump plus the media bucket.

    python deploy/cluster/backup.py backup  DIR              # the running cluster into DIR
    python deploy/cluster/backup.py restore DIR --database NAME --bucket NAME
    python deploy/cluster/backup.py verify  DIR --database NAME --bucket NAME

``backup`` opens a REPEATABLE READ transaction on the primary, exports its snapshot and runs
``pg_dump --snapshot`` on it, so the dump and the checksums written beside it (row count and an
order-independent digest of every table) describe the same instant while the site keeps writing.
Then it copies every object of the bucket with its SHA-256. Media objects are never overwritten
(``file_overwrite`` off), so a copy taken after the dump holds every picture the dump refers to.

``restore`` refuses a database or bucket that is not empty, creates and fills them. ``verify``
recomputes the checksums on the restored database and bucket and compares them to the manifest;
it exits 1 on any difference. The cluster's own env (deploy/cluster/cluster.py) says where the
primary and the object store are.
"""

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import boto3
import psycopg
from botocore.exceptions import ClientError

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from deploy.cluster.cluster import BUCKET, PG_BIN, Layout, public_read  # noqa: E402

MANIFEST = "manifest.json"
DUMP = "database.dump"


def _dsn(layout: Layout, database: str) -> str:
    return f"host={layout.pg_host} port={layout.pg_port} user={layout.pg_user} dbname={database}"


def _s3(layout: Layout):
    env = layout.app_env()
    return boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_S3_REGION_NAME"],
    )


def table_checksums(cursor) -> dict[str, dict]:
    """Row count and an order-independent digest of each table of the public schema."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    sums = {}
    for table in tables:
        cursor.execute(
            f"SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') "  # noqa: S608 - names from pg_tables
            f'FROM public."{table}" t'
        )
        count, digest = cursor.fetchone()
        sums[table] = {"rows": count, "md5": digest}
    return sums


def bucket_objects(client, bucket: str) -> list[str]:
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.extend(item["Key"] for item in page.get("Contents", []))
    return sorted(keys)


def backup(layout: Layout, dest: Path, *, bucket: str = BUCKET) -> dict:
    dest.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with psycopg.connect(_dsn(layout, layout.database), autocommit=False) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        subprocess.run(
            [str(PG_BIN / "pg_dump"), "-h", layout.pg_host, "-p", str(layout.pg_port),
             "-U", layout.pg_user, "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", "-f", str(dest / DUMP), layout.database],
            check=True,
        )  # fmt: skip
        with conn.cursor() as cursor:
            tables = table_checksums(cursor)
        conn.rollback()
    client = _s3(layout)
    media = {}
    for key in bucket_objects(client, bucket):
        body = client.get_object(Bucket=bucket, Key=key)["Body"].read()
        target = dest / "media" / key
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        media[key] = {"bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
    manifest = {
        "database": layout.database,
        "bucket": bucket,
        "tables": tables,
        "media": media,
        "seconds": round(time.monotonic() - started, 1),
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(layout: Layout, src: Path, *, database: str, bucket: str) -> None:
    manifest = json.loads((src / MANIFEST).read_text())
    with psycopg.connect(_dsn(layout, "postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    with psycopg.connect(_dsn(layout, database)) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]
    if tables:
        raise SystemExit(f"database {database} is not empty: restore needs an empty one")
    subprocess.run(
        [str(PG_BIN / "pg_restore"), "-h", layout.pg_host, "-p", str(layout.pg_port),
         "-U", layout.pg_user, "--no-owner", "--no-privileges", "--exit-on-error",
         "-d", database, str(src / DUMP)],
        check=True,
    )  # fmt: skip
    client = _s3(layout)
    try:
        client.create_bucket(Bucket=bucket)
    except ClientError as exc:
        if exc.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
    if bucket_objects(client, bucket):
        raise SystemExit(f"bucket {bucket} is not empty: restore needs an empty one")
    public_read(client, bucket)
    for key in manifest["media"]:
        client.put_object(Bucket=bucket, Key=key, Body=(src / "media" / key).read_bytes())


def verify(layout: Layout, src: Path, *, database: str, bucket: str) -> list[str]:
    """Differences between the manifest and the restored database and bucket (empty: equal)."""
    manifest = json.loads((src / MANIFEST).read_text())
    problems = []
    with psycopg.connect(_dsn(layout, database)) as conn, conn.cursor() as cursor:
        restored = table_checksums(cursor)
    for table, expected in manifest["tables"].items():
        got = restored.get(table)
        if got != expected:
            problems.append(f"table {table}: expected {expected}, restored {got}")
    client = _s3(layout)
    keys = bucket_objects(client, bucket)
    if sorted(manifest["media"]) != keys:
        problems.append(f"bucket {bucket}: {len(keys)} objects, expected {len(manifest['media'])}")
    for key, expected in manifest["media"].items():
        try:
            body = client.get_object(Bucket=bucket, Key=key)["Body"].read()
        except ClientError:
            problems.append(f"object {key} missing")
            continue
        if hashlib.sha256(body).hexdigest() != expected["sha256"]:
            problems.append(f"object {key} differs")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["backup", "restore", "verify"])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--database", default=None)
    parser.add_argument("--bucket", default=None)
    args = parser.parse_args(argv)
    layout = Layout.from_env()
    if args.command == "backup":
        manifest = backup(layout, args.dir)
        print(
            f"backup of {layout.database}: {len(manifest['tables'])} tables, "
            f"{sum(t['rows'] for t in manifest['tables'].values())} rows, "
            f"{len(manifest['media'])} media objects in {manifest['seconds']} s -> {args.dir}"
        )
        return 0
    database = args.database or f"{layout.database}_restore"
    bucket = args.bucket or f"{BUCKET}-restore"
    if args.command == "restore":
        restore(layout, args.dir, database=database, bucket=bucket)
        print(f"restored into database {database} and bucket {bucket}")
    problems = verify(layout, args.dir, database=database, bucket=bucket)
    for problem in problems:
        print(f"  DIFFERENT: {problem}")
    print("verified: counts and checksums equal" if not problems else "verify FAILED")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
