"""Objects in an S3-compatible bucket (``s3://bucket/prefix`` URLs), through boto3."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import boto3
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from atrium.common.storage.base import (
    CHUNK_BYTES,
    ObjectExists,
    ObjectMissing,
    ObjectStore,
    StorageError,
)

# What S3 (and MinIO) answer when If-None-Match: * finds the key taken, or loses a race.
TAKEN = {"PreconditionFailed", "ConditionalRequestConflict"}
ABSENT = {"NoSuchKey", "404", "NotFound"}
# Cloud Storage's S3-compatible XML API (HMAC keys); docs/deploy-gcp.md.
GCS_XML_API = "storage.googleapis.com"


def s3_client(endpoint_url: str | None) -> Any:
    """A client from the standard AWS settings (variables, files or an instance role).

    A custom endpoint (MinIO, moto, GCS interoperability) is addressed path-style: such
    services seldom resolve bucket names as host names.
    """
    config = Config(
        s3={"addressing_style": "path"} if endpoint_url else {},
        retries={"mode": "standard", "max_attempts": 3},
        connect_timeout=5,
        read_timeout=60,
    )
    client = boto3.session.Session().client("s3", endpoint_url=endpoint_url, config=config)
    if endpoint_url and urlsplit(endpoint_url).hostname == GCS_XML_API:
        client.meta.events.register("before-sign.s3.PutObject", create_only_on_gcs)
    return client


def create_only_on_gcs(request: AWSRequest, **_: Any) -> None:
    """Cloud Storage's own form of "only if absent" beside S3's ``If-None-Match: *``:
    generation 0 is an object that does not exist (docs/deploy-gcp.md)."""
    if request.headers.get("If-None-Match") == "*":
        request.headers["x-goog-if-generation-match"] = "0"


def _code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def _errors(uri: str) -> Iterator[None]:
    """boto's errors as the store's: taken, absent, or any other failure with its URI."""
    try:
        yield
    except ClientError as exc:
        code = _code(exc)
        if code in TAKEN:
            raise ObjectExists(uri) from None
        if code in ABSENT:
            raise ObjectMissing(uri) from None
        raise StorageError(f"{uri}: {exc}") from exc
    except BotoCoreError as exc:  # unreachable endpoint, missing credentials, ...
        raise StorageError(f"{uri}: {exc}") from exc


class S3ObjectStore(ObjectStore):
    def __init__(self, bucket: str, prefix: str, client: Any) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.client = client
        super().__init__(f"s3://{bucket}/{self.prefix}" if self.prefix else f"s3://{bucket}")

    def prepare(self) -> None:
        """Create the bucket only when the service says it does not exist: a bucket that
        exists but is not ours to inspect (403) is left for its owner to grant."""
        try:
            with _errors(self.base_uri):
                self.client.head_bucket(Bucket=self.bucket)
        except ObjectMissing:
            region = self.client.meta.region_name
            placement: dict[str, Any] = {}
            if region and region != "us-east-1":  # us-east-1 refuses a LocationConstraint
                placement["CreateBucketConfiguration"] = {"LocationConstraint": region}
            with _errors(self.base_uri):
                self.client.create_bucket(Bucket=self.bucket, **placement)

    def _name(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def _put(self, key: str, data: bytes, *, content_type: str, immutable: bool) -> None:
        # A conditional write: the service itself refuses to replace, so no race window.
        condition = {"IfNoneMatch": "*"} if immutable else {}
        with _errors(self.uri(key)):
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._name(key),
                Body=data,
                ContentType=content_type,
                **condition,
            )

    def _get(self, key: str) -> bytes:
        with _errors(self.uri(key)):
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
            return bytes(answer["Body"].read())

    def _size(self, key: str) -> int:
        with _errors(self.uri(key)):
            answer = self.client.head_object(Bucket=self.bucket, Key=self._name(key))
            return int(answer["ContentLength"])

    def _read_range(self, key: str, first: int, last: int) -> Iterator[bytes]:
        with _errors(self.uri(key)):
            answer = self.client.get_object(
                Bucket=self.bucket, Key=self._name(key), Range=f"bytes={first}-{last}"
            )
        return _body_chunks(answer["Body"], self.uri(key))

    def _exists(self, key: str) -> bool:
        try:
            with _errors(self.uri(key)):
                self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ObjectMissing:
            return False
        return True

    def _delete(self, key: str) -> None:
        with _errors(self.uri(key)):
            self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def _list(self, prefix: str) -> list[str]:
        strip = len(self._name(""))
        with _errors(self.base_uri):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self._name(prefix)
            )
            return [item["Key"][strip:] for page in pages for item in page.get("Contents", [])]


def _body_chunks(body: Any, uri: str) -> Iterator[bytes]:
    with _errors(uri):
        try:
            yield from body.iter_chunks(CHUNK_BYTES)
        finally:
            body.close()
