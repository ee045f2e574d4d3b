"""``POST /api/v1/embeddings``: texts in, L2-normalized 384-d vectors out."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, field_validator
from starlette.concurrency import run_in_threadpool

from atrium.ai.embeddings import DIMENSION
from atrium.api.deps import CurrentUser, EmbedderDep, embeddings_limits
from atrium.common import routing
from atrium.config import get_settings

router = APIRouter(prefix=routing.EMBEDDINGS.prefix, tags=["embeddings"])


class EmbeddingRequest(BaseModel):
    texts: list[str] = Field(min_length=1, description="Texts to embed, in order.")

    @field_validator("texts")
    @classmethod
    def _within_limits(cls, texts: list[str]) -> list[str]:
        settings = get_settings()
        if len(texts) > settings.ai_embed_max_texts:
            raise ValueError(f"at most {settings.ai_embed_max_texts} texts per request")
        for index, text in enumerate(texts):
            if not text.strip():
                raise ValueError(f"text {index} is empty")
            if len(text) > settings.ai_embed_max_chars:
                raise ValueError(f"text {index} is longer than {settings.ai_embed_max_chars} chars")
        return texts


class EmbeddingResponse(BaseModel):
    model: str
    dimension: int = DIMENSION
    embeddings: list[list[float]]


@router.post("", response_model=EmbeddingResponse, dependencies=[Depends(embeddings_limits)])
async def embed(body: EmbeddingRequest, _: CurrentUser, embedder: EmbedderDep) -> EmbeddingResponse:
    vectors = await run_in_threadpool(embedder.embed, body.texts)
    return EmbeddingResponse(model=embedder.name, embeddings=vectors.tolist())
