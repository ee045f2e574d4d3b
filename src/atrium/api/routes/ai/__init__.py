"""api's AI routes: embeddings, recommendations, personality and chat."""

from fastapi import APIRouter

from atrium.api.routes.ai import embeddings

router = APIRouter()
router.include_router(embeddings.router)
