"""One object store for model artifacts, backups and media, chosen by ``STORAGE_URL``.

``file:///dir`` (the default, under ATRIUM_VAR_DIR) keeps each object as a file;
``s3://bucket/prefix`` keeps it in any S3-compatible service through boto3. Callers see
the same small interface either way: keys are relative paths such as
``models/completion/3/model.onnx``, and an object's URI (``file://…`` or ``s3://…``)
names it in records such as the model registry.
"""

from atrium.common.storage.base import (
    InvalidKey,
    ObjectExists,
    ObjectMissing,
    ObjectStore,
    StorageError,
)
from atrium.common.storage.factory import (
    StorageLocation,
    get_object_store,
    open_object_store,
    storage_location,
)

__all__ = [
    "InvalidKey",
    "ObjectExists",
    "ObjectMissing",
    "ObjectStore",
    "StorageError",
    "StorageLocation",
    "get_object_store",
    "open_object_store",
    "storage_location",
]
