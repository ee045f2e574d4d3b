"""The ML domain's refusals, said without HTTP (core's API maps them once)."""

from atrium.core.domain import Conflict, DomainError


class FeatureMismatch(DomainError):
    """Feature rows whose names are not the model's: 422, naming the fields."""

    status, code = 422, "feature_mismatch"


class SchemaConflict(Conflict):
    """The model was trained on other features than the server computes: 409."""

    code = "feature_schema_conflict"


class PromotionRefused(Conflict):
    code = "promotion_refused"


class ArtifactRejected(Conflict):
    """The stored artifact's sha256 is not the registry's: it is never loaded."""

    code = "artifact_rejected"


class NotEnoughData(DomainError):
    status, code = 422, "not_enough_data"
